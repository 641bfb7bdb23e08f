package org.nas4j.daemon.export;

import java.util.function.LongSupplier;
import org.nas4j.core.EpochMetrics;
import org.nas4j.daemon.search.ProgressLine;
import org.nas4j.daemon.search.StatusLine;
import org.nas4j.evaluator.train.Trainer;

/**
 * The progress of one long training ({@code nas train}, {@code nas export --retrain}): on a terminal a live bar of
 * the epoch's images with the speed and the time left; everywhere a line per finished epoch with its metrics and
 * the time left at most (early stopping may end sooner). One per training; called on the training thread.
 */
final class TrainingBar implements Trainer.BatchCallback, Trainer.EpochCallback {
    private static final int WIDTH = 24;

    private final StatusLine line;
    private final String label;
    private final long imagesPerEpoch;
    private final int epochs;
    private final LongSupplier nanoTime;
    private final long start;

    TrainingBar(StatusLine line, String label, long imagesPerEpoch, int epochs, LongSupplier nanoTime) {
        this.line = line;
        this.label = label;
        this.imagesPerEpoch = imagesPerEpoch;
        this.epochs = epochs;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    @Override
    public void onBatch(int epoch, long images) {
        long done = Math.min(images, imagesPerEpoch);
        int filled = (int) (WIDTH * done / Math.max(1, imagesPerEpoch));
        line.draw(String.format("%s  epoch %d/%d [%s%s] %,d/%,d images  %.0f images/s  ETA %s", label, epoch, epochs,
                "#".repeat(filled), "-".repeat(WIDTH - filled), done, imagesPerEpoch,
                trained(epoch, done) / seconds(), ProgressLine.clock(left(epoch, done))), false);
    }

    @Override
    public boolean onEpoch(EpochMetrics m) {
        line.println(String.format("%s  epoch %d/%d: train loss %.4f, validation loss %.4f, validation accuracy %.4f "
                + "(%.0f s, %.0f images/s); at most %s left", label, m.epoch(), epochs, m.trainLoss(), m.validationLoss(),
                m.validationAccuracy(), m.epochSeconds(), m.imagesPerSecond(), ProgressLine.clock(left(m.epoch(), imagesPerEpoch))));
        return true;
    }

    /** Ends the bar. */
    void end() {
        line.end();
    }

    private long trained(int epoch, long images) {
        return (epoch - 1L) * imagesPerEpoch + images;
    }

    private double seconds() {
        return Math.max(1e-9, (nanoTime.getAsLong() - start) / 1e9);
    }

    /** Seconds left at the speed so far, if training runs every epoch. */
    private double left(int epoch, long images) {
        long trained = trained(epoch, images);
        return trained <= 0 ? 0 : seconds() / trained * ((long) epochs * imagesPerEpoch - trained);
    }
}
