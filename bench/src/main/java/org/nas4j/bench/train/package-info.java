/** Training speed: nas4j's training and inference against the same networks in PyTorch, per op and per child. */
package org.nas4j.bench.train;
