/** The dashboard's API timed over HTTP on a big experiment. */
package org.nas4j.bench.dashboard;
