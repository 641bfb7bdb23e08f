/** Stopping hopeless trials early, by comparison with finished ones. */
package org.nas4j.evaluator.prune;
