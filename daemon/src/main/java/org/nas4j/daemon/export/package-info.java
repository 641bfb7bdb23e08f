/** Exporting architectures as files plain DL4J code loads: architecture.json, dl4j-config.json, summary.md, model.zip. */
package org.nas4j.daemon.export;
