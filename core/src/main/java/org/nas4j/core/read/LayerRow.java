package org.nas4j.core.read;

/**
 * One row of a network's summary, stem to head: its name ({@code stem}, {@code layer3}, {@code head}), its op,
 * its output shape as text ({@code 32x16x16}), its parameters and FLOPs (multiply-adds for one image). Immutable.
 */
public record LayerRow(String layer, String op, String outputShape, long params, long flops) {}
