/** Strategies compared on tabular benchmarks through the search's own ask/evaluate/tell step, and their cost per trial. */
package org.nas4j.bench.strategy;
