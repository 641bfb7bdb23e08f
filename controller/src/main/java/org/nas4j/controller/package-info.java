/** Search strategies: how to choose the next architecture from the rewards of earlier ones. */
package org.nas4j.controller;
