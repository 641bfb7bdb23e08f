package org.nas4j.evaluator.train;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.StopReason;
import org.nas4j.core.TrialResult;
import org.nas4j.space.NetworkSpec;
import org.nas4j.space.dl4j.CompiledNetwork;
import org.nas4j.space.dl4j.FastHelpers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Trains one child network with its own epoch loop: learning-rate schedule, early stopping on validation
 * accuracy, a wall-time limit, divergence detection, and an epoch callback that may prune. An
 * out-of-memory error retries once with half the batch. Failures of the trial come back as results.
 * One instance per trial; not thread-safe.
 */
public final class Trainer {
    /** Hears every epoch; returns false to prune the trial. */
    @FunctionalInterface
    public interface EpochCallback {
        boolean onEpoch(EpochMetrics metrics);

        /** Hears, before any new epoch, the epochs a resumed trial's checkpoint holds (so a pruner knows its best). */
        default void resumed(List<EpochMetrics> curve) {}
    }

    /** Hears every training batch: the epoch and the images trained in it so far. Called on the training thread. */
    @FunctionalInterface
    public interface BatchCallback {
        void onBatch(int epoch, long images);
    }

    private final TrainingConfig config;
    private final TrialData data;
    private final LongSupplier nanoTime;
    private final Checkpoint checkpoint;
    private final Consumer<String> events;
    private boolean keepBest;
    private BatchCallback batches = (epoch, images) -> { };
    private BooleanSupplier stop = () -> false;
    private ComputationGraph bestModel;

    /**
     * @param checkpointDir where to checkpoint after every epoch and resume from, or null for neither
     * @param events        hears notes for the trial's event log (resumed, checkpoint unreadable)
     */
    public Trainer(TrainingConfig config, TrialData data, LongSupplier nanoTime, Path checkpointDir, Consumer<String> events) {
        this.config = config;
        this.data = data;
        this.nanoTime = nanoTime;
        this.checkpoint = checkpointDir == null ? null : new Checkpoint(checkpointDir);
        this.events = events;
    }

    public Trainer(TrainingConfig config, TrialData data, LongSupplier nanoTime) {
        this(config, data, nanoTime, null, note -> { });
    }

    /** Keeps a copy of the network at its best validation epoch, for {@link #bestModel()} (final trainings). */
    public Trainer keepBest() {
        keepBest = true;
        return this;
    }

    /** Reports every batch to {@code callback} (a progress bar of a long training). */
    public Trainer onBatch(BatchCallback callback) {
        batches = callback;
        return this;
    }

    /**
     * Ends the training between two batches once {@code stop} says so (Ctrl-C during a final training):
     * {@link #train} then throws {@link Stopped} and returns no result.
     */
    public Trainer stopWhen(BooleanSupplier stop) {
        this.stop = stop;
        return this;
    }

    /** The network at its best validation epoch, after {@link #train} with {@link #keepBest()}; else null. */
    public ComputationGraph bestModel() {
        return bestModel;
    }

    public TrialResult train(NetworkSpec spec, long seed, EpochCallback callback) {
        return train(config.compile(spec, seed), seed, callback);
    }

    /** Trains {@code net}, compiled by {@link TrainingConfig#compile} with this trainer's settings and {@code seed}. */
    public TrialResult train(CompiledNetwork net, long seed, EpochCallback callback) {
        try {
            return train(net, seed, config.batchSize(), callback);
        } catch (OutOfMemoryError first) {
            int half = Math.max(1, config.batchSize() / 2);
            try {
                return train(net, seed, half, callback);
            } catch (OutOfMemoryError second) {
                return TrialResult.failed(StopReason.OUT_OF_MEMORY, "out of memory with batch " + config.batchSize()
                        + " and again with " + half + ": " + second.getMessage(), List.of());
            }
        }
    }

    private TrialResult train(CompiledNetwork net, long seed, int batch, EpochCallback callback) {
        var p = new Progress();
        ComputationGraph graph = checkpoint == null ? null : checkpoint.load(p, events).orElse(null);
        if (graph == null || p.batch != batch) {
            p = new Progress();
            graph = new ComputationGraph(net.configuration().clone()); // a fresh copy for the retry after an out-of-memory
            graph.init();
        }
        FastHelpers.install(graph);
        p.batch = batch;
        if (!p.curve.isEmpty()) {
            callback.resumed(List.copyOf(p.curve));
        }
        long start = nanoTime.getAsLong() - (long) (p.seconds * 1e9);
        var losses = new LossListener(start);
        graph.setListeners(losses);

        StopReason reason = p.stopped != null ? p.stopped : StopReason.MAX_EPOCHS; // a checkpoint of its last epoch
        DataSetIterator train = data.train(batch, seed);
        for (int i = 0; i < p.epoch; i++) {
            train.reset(); // the data order of each epoch depends on the epoch: skip those already trained
        }
        for (int epoch = p.epoch + 1; p.stopped == null && epoch <= config.maxEpochs(); epoch++) {
            graph.setLearningRate(config.learningRate(epoch));
            long epochStart = nanoTime.getAsLong();
            losses.startEpoch(epoch);
            boolean timeUp;
            try {
                timeUp = fitEpoch(graph, train, losses);
            } catch (Diverged d) {
                p.curve.add(new EpochMetrics(epoch, d.loss, Double.NaN, Double.NaN, seconds(epochStart), 0));
                return new TrialResult(StopReason.DIVERGED, Double.NaN, 0, p.curve.size(), net.params(), net.flops(),
                        seconds(start), 0, batch, d.getMessage() + " at epoch " + epoch + ": " + d.fix, p.curve);
            }
            train.reset();
            double[] validation = validate(graph, batch);
            double epochSeconds = seconds(epochStart);
            var metrics = new EpochMetrics(epoch, losses.mean(), validation[0], validation[1], epochSeconds,
                    losses.images / Math.max(1e-9, epochSeconds));
            boolean improved = validation[1] > p.best;
            p.add(metrics, config.minDelta());
            if (keepBest && improved) {
                bestModel = graph.clone();
            }
            if (!callback.onEpoch(metrics)) {
                p.stopped = StopReason.PRUNED;
            } else if (timeUp || seconds(start) >= config.maxSeconds()) {
                p.stopped = StopReason.MAX_TIME;
            } else if (p.sinceBest >= config.patience()) {
                p.stopped = StopReason.EARLY_STOPPED;
            } else if (epoch == config.maxEpochs()) {
                p.stopped = StopReason.MAX_EPOCHS;
            }
            if (checkpoint != null) { // the last epoch too: a trial stopped before its result was stored is not trained again
                p.seconds = seconds(start);
                save(graph, p);
            }
            reason = p.stopped != null ? p.stopped : reason;
        }
        return new TrialResult(reason, p.best, p.bestEpoch, p.curve.size(), net.params(), net.flops(), seconds(start),
                inferenceMsPerImage(graph, batch), batch, null, p.curve);
    }

    private void save(ComputationGraph graph, Progress p) {
        try {
            checkpoint.save(graph, p);
        } catch (java.io.IOException e) {
            events.accept("could not checkpoint epoch " + p.epoch + ": " + e.getMessage());
        }
    }

    private double[] validate(ComputationGraph graph, int batch) {
        return evaluate(graph, data.validation(batch));
    }

    /** {mean cross-entropy, accuracy} of {@code graph} over every batch of {@code it}. */
    public static double[] evaluate(ComputationGraph graph, DataSetIterator it) {
        double loss = 0;
        long correct = 0;
        long n = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray p = graph.outputSingle(ds.getFeatures());
            INDArray labels = ds.getLabels();
            correct += p.argMax(1).eq(labels.argMax(1)).castTo(DataType.INT).sumNumber().longValue();
            INDArray picked = Transforms.max(p.mul(labels).sum(1), 1e-12, false);
            loss -= Transforms.log(picked, false).sumNumber().doubleValue();
            n += labels.size(0);
        }
        return n == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {loss / n, (double) correct / n};
    }

    private double inferenceMsPerImage(ComputationGraph graph, int batch) {
        DataSetIterator it = data.validation(batch);
        if (!it.hasNext()) {
            return 0;
        }
        INDArray x = it.next().getFeatures();
        graph.outputSingle(x);
        long t0 = nanoTime.getAsLong();
        int repeats = 3;
        for (int i = 0; i < repeats; i++) {
            graph.outputSingle(x);
        }
        return (nanoTime.getAsLong() - t0) / 1e6 / repeats / x.size(0);
    }

    /**
     * Trains one epoch; true when the time limit ended it early. Throws {@link Diverged} when the loss ran away or
     * a parameter stopped being finite (see {@link Dl4jRuntime#allFinite}).
     */
    private boolean fitEpoch(ComputationGraph graph, DataSetIterator train, LossListener losses) {
        boolean timeUp = false;
        try {
            graph.fit(train);
        } catch (TimeUp t) {
            timeUp = true;
        }
        if (!Dl4jRuntime.allFinite(graph.params())) {
            throw new Diverged(losses.mean(), "parameters infinite or NaN after a training loss of " + losses.mean(),
                    "lower the learning rate, or scale the inputs to about unit size");
        }
        return timeUp;
    }

    private double seconds(long since) {
        return (nanoTime.getAsLong() - since) / 1e9;
    }

    /** Collects the training loss per iteration; stops training on divergence and on the time limit. */
    private final class LossListener extends BaseTrainingListener {
        private final long start;
        private double sum;
        private int count;
        long images;

        LossListener(long start) {
            this.start = start;
        }

        private int epoch;

        void startEpoch(int epoch) {
            this.epoch = epoch;
            sum = 0;
            count = 0;
            images = 0;
        }

        double mean() {
            return count == 0 ? Double.NaN : sum / count;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            double loss = model.score();
            sum += loss;
            count++;
            if (!Double.isFinite(loss) || mean() > config.divergence()) {
                double reported = Double.isFinite(loss) ? mean() : loss;
                throw new Diverged(reported, "training loss " + reported + " (limit " + config.divergence() + ")",
                        "lower the learning rate");
            }
            images += model.batchSize();
            batches.onBatch(this.epoch, images);
            if (stop.getAsBoolean()) {
                throw new Stopped();
            }
            if (seconds(start) >= config.maxSeconds()) {
                throw new TimeUp();
            }
        }
    }

    /** Thrown by {@link #train} when {@link #stopWhen}'s condition ended the training; nothing of it is kept. */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("training stopped on request", null, false, false);
        }
    }

    private static final class Diverged extends RuntimeException {
        final double loss;
        final String fix;

        Diverged(double loss, String what, String fix) {
            super(what, null, false, false);
            this.loss = loss;
            this.fix = fix;
        }
    }

    private static final class TimeUp extends RuntimeException {
        TimeUp() {
            super(null, null, false, false);
        }
    }
}
