/** The ND4J backend (CPU with oneDNN, or CUDA) and setting DL4J up to run fast on it. */
package org.nas4j.backend;
