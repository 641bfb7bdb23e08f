/**
 * What is read about experiments and trials, as records: the store returns them, the dashboard serves them as JSON.
 * Here, in {@code core}, because both {@code store} and {@code web} depend on {@code core} and on nothing of each other.
 */
package org.nas4j.core.read;
