package org.nas4j.evaluator;

import java.util.function.Supplier;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.train.TrialData;

/** Loads an experiment's dataset once, on first use, and serves it as trial batches. Thread-safe. */
final class ExperimentData implements Supplier<TrialData> {
    private final ConfigNode config;
    private final long seed;
    private TrialData data;

    ExperimentData(ConfigNode config, long seed) {
        this.config = config;
        this.seed = seed;
    }

    @Override
    public synchronized TrialData get() {
        if (data == null) {
            throw new UnsupportedOperationException("dataset loading is being wired in");
        }
        return data;
    }
}
