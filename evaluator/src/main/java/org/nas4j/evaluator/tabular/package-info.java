/** Evaluating architectures by lookup in a published tabular benchmark, without training. */
package org.nas4j.evaluator.tabular;
