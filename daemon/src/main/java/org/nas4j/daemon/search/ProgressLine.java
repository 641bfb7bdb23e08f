package org.nas4j.daemon.search;

import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Trial;

/**
 * The progress of a search: trials done / budget, best so far, elapsed and estimated remaining time. On a
 * terminal a live line (see {@link StatusLine}); elsewhere one plain line per finished trial, and one per epoch of a
 * trial whose epochs take {@value #LONG_EPOCH_SECONDS} s or more. Thread-safe.
 */
public final class ProgressLine implements SearchLoop.Progress {
    static final double LONG_EPOCH_SECONDS = 10;

    private final StatusLine line;
    private final int startFinished;
    private int shownFinished = -1;
    private double startElapsed = -1;

    public ProgressLine(StatusLine line, int startFinished) {
        this.line = line;
        this.startFinished = startFinished;
    }

    @Override
    public synchronized void update(int finished, int budget, double best, double elapsed) {
        if (startElapsed < 0) {
            startElapsed = elapsed;
        }
        int doneNow = finished - startFinished;
        String eta = doneNow <= 0 ? "--:--:--"
                : clock((elapsed - startElapsed) / doneNow * Math.max(0, budget - finished));
        String text = String.format("[%d/%d trials] best %s  elapsed %s  remaining ~%s", finished, budget,
                Double.isNaN(best) ? "-" : String.format("%.4f", best), clock(elapsed), eta);
        if (line.live()) {
            line.draw(text, finished >= budget);
        } else if (finished != shownFinished) {
            line.println(text);
        }
        shownFinished = finished;
    }

    @Override
    public void epoch(Trial trial, EpochMetrics m) {
        if (m.epochSeconds() >= LONG_EPOCH_SECONDS) {
            line.println(String.format("trial %d, epoch %d: validation accuracy %.4f, train loss %.4f (%.0f s, %.0f images/s)",
                    trial.id(), m.epoch(), m.validationAccuracy(), m.trainLoss(), m.epochSeconds(), m.imagesPerSecond()));
        }
    }

    /** Ends the line. */
    public void done() {
        line.end();
    }

    /** hh:mm:ss */
    public static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format("%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
