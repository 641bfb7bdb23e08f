package org.nas4j.evaluator.data;

import org.nas4j.evaluator.train.TrialData;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The batches of an experiment's splits, all normalised by the training split's statistics. Load it once per
 * experiment; it is immutable and thread-safe, and every call returns a new iterator that its caller owns.
 *
 * @param splits  the images
 * @param stats   per-channel statistics of {@code splits.train()}: save them with an exported model
 * @param section the dataset section it was loaded from (augmentation settings)
 */
public record SplitData(DataSplits splits, ChannelStats stats, DatasetSection section) implements TrialData {

    /** Reads and splits the files of {@code section} with {@code seed}; see {@link DataSplits#load}. */
    public static SplitData load(DatasetSection section, long seed) {
        DataSplits splits = DataSplits.load(section, seed);
        return new SplitData(splits, ChannelStats.of(splits.train()), section);
    }

    /** Shuffled training batches, augmented as the section says; {@code seed} fixes every epoch's order. */
    @Override
    public DataSetIterator train(int batchSize, long seed) {
        return ImageBatches.shuffled(splits.train(), batchSize, stats, seed, section.cropPadding(), section.flip());
    }

    @Override
    public DataSetIterator validation(int batchSize) {
        return ImageBatches.ordered(splits.validation(), batchSize, stats);
    }

    /** The test split: only for the final evaluation of exported architectures. */
    public DataSetIterator test(int batchSize) {
        return ImageBatches.ordered(splits.test(), batchSize, stats);
    }
}
