/** Trials on an Apache Spark cluster: one application per run, one single-task job per trial, one GPU per task. */
package org.nas4j.spark;
