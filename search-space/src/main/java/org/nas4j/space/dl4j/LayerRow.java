package org.nas4j.space.dl4j;

import org.nas4j.space.Shape;

/** One row of a network summary: a stem, searchable layer, reduction or head, with its analytic costs. */
public record LayerRow(String layer, String op, Shape output, long params, long flops) {}
