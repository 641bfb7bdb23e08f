/** Running trials: in-process or in isolated worker JVMs, on CPU slots or one per GPU, within memory limits. */
package org.nas4j.evaluator.worker;
