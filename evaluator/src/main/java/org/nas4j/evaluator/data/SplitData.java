package org.nas4j.evaluator.data;

import org.nas4j.evaluator.train.TrialData;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** The batches of an experiment's splits, normalised by the training split's statistics. Thread-safe. */
public record SplitData(DataSplits splits, ChannelStats stats, DatasetSection section) implements TrialData {

    public static SplitData load(DatasetSection section, long seed) {
        DataSplits splits = DataSplits.load(section, seed);
        return new SplitData(splits, ChannelStats.of(splits.train()), section);
    }

    @Override
    public DataSetIterator train(int batchSize, long seed) {
        return new ImageBatches(splits.train(), batchSize, stats, Math.abs(seed), section.cropPadding(), section.flip());
    }

    @Override
    public DataSetIterator validation(int batchSize) {
        return new ImageBatches(splits.validation(), batchSize, stats, -1, 0, false);
    }

    /** The test split: only for the final evaluation of exported architectures. */
    public DataSetIterator test(int batchSize) {
        return new ImageBatches(splits.test(), batchSize, stats, -1, 0, false);
    }
}
