/** The {@code nas} command line: it parses arguments and wires the modules; the work happens elsewhere. */
package org.nas4j.daemon.cli;
