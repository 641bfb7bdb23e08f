package org.nas4j.core;

/**
 * One evaluation to run: an architecture with the seed its training uses, and the folder where its
 * training checkpoints after every epoch and resumes from ({@code null}: no checkpoints).
 */
public record Trial(long id, Architecture architecture, long seed, String checkpointDir) {
    public Trial(long id, Architecture architecture, long seed) {
        this(id, architecture, seed, null);
    }
}
