/** What happened: experiments, trials, epochs, policy steps, strategy checkpoints and events in H2. */
package org.nas4j.store;
