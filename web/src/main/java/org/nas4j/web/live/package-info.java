/** Live updates: one poller reads the change counters once a second and pushes server-sent events to the pages. */
package org.nas4j.web.live;
