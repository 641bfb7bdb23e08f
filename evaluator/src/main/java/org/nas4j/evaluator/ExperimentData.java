package org.nas4j.evaluator;

import java.util.function.Supplier;
import org.nas4j.evaluator.data.DataSplits;
import org.nas4j.evaluator.data.DatasetSection;
import org.nas4j.evaluator.data.SplitData;

/** Loads an experiment's dataset once, on first use. Thread-safe. */
final class ExperimentData implements Supplier<SplitData> {
    private final DatasetSection section;
    private final long seed;
    private SplitData data;

    ExperimentData(DatasetSection section, long seed) {
        this.section = section;
        this.seed = seed;
    }

    /** Fails with one line when a dataset file is missing; reads none. */
    void requireFiles() {
        DataSplits.requireFiles(section);
    }

    @Override
    public synchronized SplitData get() {
        if (data == null) {
            data = SplitData.load(section, seed);
        }
        return data;
    }
}
