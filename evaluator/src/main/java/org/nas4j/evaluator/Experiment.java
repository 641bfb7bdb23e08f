package org.nas4j.evaluator;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Evaluator;
import org.nas4j.core.Pruner;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.prune.MedianPruner;
import org.nas4j.evaluator.prune.PrunerFeed;
import org.nas4j.evaluator.train.TrainingConfig;
import org.nas4j.evaluator.data.DatasetSection;
import org.nas4j.evaluator.data.SplitData;
import org.nas4j.evaluator.worker.InProcessEvaluator;
import org.nas4j.evaluator.worker.ProcessEvaluator;
import org.nas4j.evaluator.worker.SlotPool;
import org.nas4j.evaluator.worker.WorkerConfig;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.SpaceConfig;

/**
 * The evaluation side of an experiment file: its search space, dataset, training, pruning and worker
 * settings, validated on load. The dataset is read on first use. Thread-safe.
 */
public final class Experiment {
    private final Path file;
    private final ConfigNode config;
    private final CnnSearchSpace space;
    private final TrainingConfig training;
    private final WorkerConfig workers;
    private final ExperimentData data;

    private Experiment(Path file, ConfigNode config) {
        this.file = file;
        this.config = config;
        this.space = new CnnSearchSpace(SpaceConfig.from(config));
        this.training = TrainingConfig.from(config);
        this.workers = WorkerConfig.from(config);
        MedianPruner.from(config); // validates the pruning section now rather than at the first trial
        this.data = new ExperimentData(DatasetSection.from(config), seed());
    }

    public static Experiment load(Path file) {
        return of(file, ConfigNode.load(file));
    }

    /** An experiment from an already-read (and perhaps overridden, see {@link ConfigNode#with}) file. */
    public static Experiment of(Path file, ConfigNode config) {
        return new Experiment(file, config);
    }

    public Path file() {
        return file;
    }

    public ConfigNode config() {
        return config;
    }

    public String name() {
        return config.getString("name", "experiment");
    }

    public long seed() {
        return config.getLong("seed", 0);
    }

    public CnnSearchSpace space() {
        return space;
    }

    public TrainingConfig training() {
        return training;
    }

    public WorkerConfig workers() {
        return workers;
    }

    /** The training, validation and test batches; loads the dataset on first call. */
    public SplitData data() {
        return data.get();
    }

    /** Fails with one line naming the missing folder or file (and how to install or place it); reads no image. */
    public Experiment requireData() {
        data.requireFiles();
        return this;
    }

    /** A fresh pruner of this experiment's settings. */
    public Pruner pruner() {
        return MedianPruner.from(config);
    }

    /**
     * The evaluator the {@code workers} section asks for, with a pruner of this experiment's settings that knows
     * {@code finishedCurves} (of earlier runs) and learns from every trial it finishes.
     */
    public Evaluator evaluator(Path logDir, List<List<EpochMetrics>> finishedCurves) {
        Pruner pruner = pruner();
        return PrunerFeed.of(evaluator(pruner, logDir), pruner, finishedCurves);
    }

    /** The evaluator the {@code workers} section asks for: worker processes (default) or in-process; {@code pruner} decides. */
    public Evaluator evaluator(Pruner pruner, Path logDir) {
        if (!workers.isolated()) {
            return new InProcessEvaluator(space, training, this::data, pruner, workers.memoryBytes(), Clock.systemUTC());
        }
        SlotPool slots = SlotPool.plan(workers.count(), workers.gpus(), Runtime.getRuntime().availableProcessors(),
                Dl4jRuntime.backend());
        return new ProcessEvaluator(config, workers, slots, pruner, logDir);
    }
}
