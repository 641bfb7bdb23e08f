/** The dashboard's contract with the daemon (queries, controls) and the {@link org.nas4j.web.Dashboard} that serves it. */
package org.nas4j.web;
