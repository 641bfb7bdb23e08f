/** Image datasets from local files (IDX, CIFAR binary), stratified splits, normalisation and batches. */
package org.nas4j.evaluator.data;
