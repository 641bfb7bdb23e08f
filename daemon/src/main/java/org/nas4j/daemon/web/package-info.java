/** The dashboard in the daemon: its queries over the store, its controls over the running search loops. */
package org.nas4j.daemon.web;
