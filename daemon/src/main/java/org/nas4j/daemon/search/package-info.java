/** The search loop: ask the strategy, evaluate on workers, persist every state change, tell the strategy. */
package org.nas4j.daemon.search;
