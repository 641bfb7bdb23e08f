/** Compiling a network spec to a DL4J ComputationGraphConfiguration, and setting DL4J up to run fast. */
package org.nas4j.space.dl4j;
