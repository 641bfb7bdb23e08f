/** How good an architecture is: an experiment's evaluation settings and the evaluators built from them. */
package org.nas4j.evaluator;
