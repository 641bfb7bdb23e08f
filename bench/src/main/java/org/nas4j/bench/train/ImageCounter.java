package org.nas4j.bench.train;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/** Counts the images of a training epoch and times its steps. One per graph; not thread-safe. */
final class ImageCounter extends BaseTrainingListener {
    private long images;
    private final List<Long> stepNanos = new ArrayList<>();
    private long last;

    void reset() {
        images = 0;
        stepNanos.clear();
        last = System.nanoTime();
    }

    long images() {
        return images;
    }

    int steps() {
        return stepNanos.size();
    }

    /** The median time between two iterations (a training step and fetching its batch). */
    double medianStepMs() {
        return BenchPeer.median(stepNanos.stream().mapToDouble(t -> t / 1e6).toArray());
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        images += model.batchSize();
        long now = System.nanoTime();
        stepNanos.add(now - last);
        last = now;
    }
}
