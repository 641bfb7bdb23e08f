/** Training one child network: settings, the epoch loop with early stopping, divergence and time limits. */
package org.nas4j.evaluator.train;
