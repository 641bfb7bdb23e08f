/** The shared vocabulary of nas4j: decisions, decision spaces and architectures. */
package org.nas4j.core;
