/** What happened: experiments, trials, epochs, policy steps, strategy checkpoints and events in H2; written by {@link org.nas4j.store.NasStore}, read by the dashboard through {@link org.nas4j.store.StoreQueries}. */
package org.nas4j.store;
