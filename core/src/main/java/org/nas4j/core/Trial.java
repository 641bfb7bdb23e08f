package org.nas4j.core;

/** One evaluation to run: an architecture with the seed its training uses. */
public record Trial(long id, Architecture architecture, long seed) {}
