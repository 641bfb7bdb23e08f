/** A compatibility shim under ND4J's old package name; see {@link org.nd4j.nativeblas.Nd4jCpu}. */
package org.nd4j.nativeblas;
