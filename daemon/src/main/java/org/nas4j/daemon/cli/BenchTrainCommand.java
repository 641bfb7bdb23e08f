package org.nas4j.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.Architecture;
import org.nas4j.core.UserError;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.Experiment;
import org.nas4j.evaluator.train.TrainingConfig;
import org.nas4j.evaluator.train.TrialData;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.NetworkSpec;
import org.nas4j.space.dl4j.CompiledNetwork;
import org.nas4j.space.dl4j.Dl4jCompiler;
import org.nas4j.space.dl4j.FastHelpers;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nas bench train}: the training speed of one architecture, per epoch, with the first epoch
 * reported as warm-up and left out of the summary.
 */
@Command(name = "train", description = "Train one architecture and print training and inference images/second and peak memory;"
        + " --peer trains the same network in PyTorch alongside, --children N compares sampled children.")
final class BenchTrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--arch", description = "Architecture file (JSON; a line of `nas space sample --json` works).") Path arch;
    @Option(names = "--config", description = "Experiment file for the dataset and training settings, and the space when the architecture file carries none.") Path config;
    @Option(names = "--dataset", description = "Dataset directory (overrides the experiment's dataset.path).") String dataset;
    @Option(names = "--epochs", defaultValue = "3", description = "Epochs (default ${DEFAULT-VALUE}; the first is warm-up).") int epochs;
    @Option(names = "--batch", description = "Batch size (default: the experiment's, else 128).") Integer batch;
    @Option(names = "--subset", description = "Train on this many images only.") Integer subset;
    @Option(names = "--peer", description = "After each epoch, train the same network in PyTorch (benchmarks/peer/peer_train.py) for as many steps, and print the ratio.") boolean peer;
    @Option(names = "--children", description = "Instead of --arch: sample this many architectures from --config's space and compare each with PyTorch on random batches.") Integer children;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of --children's sampling (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--steps", defaultValue = "10", description = "Timed steps per child with --children (default ${DEFAULT-VALUE}; the median is reported).") int steps;
    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with PyTorch for the peer (default ${DEFAULT-VALUE}).") String python;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (children != null) {
            return children(out);
        }
        if (arch == null) {
            throw new UserError("give --arch FILE (e.g. examples/reference-cnn.json), or --children N with --config");
        }
        JsonNode archJson = Architecture.readJson(arch);
        CnnSearchSpace space = CnnSearchSpace.forArchitecture(archJson, arch.toString(), config);
        ConfigNode experimentConfig = config == null
                ? ConfigNode.parse("{\"name\": \"bench\"}", "(defaults)", false) : ConfigNode.load(config);
        experimentConfig = experimentConfig.with("space", archJson.has("spaceConfig") ? archJson.get("spaceConfig")
                : experimentConfig.json().get("space"));
        if (dataset != null) {
            experimentConfig = experimentConfig.with("dataset.path", dataset);
        }
        if (batch != null) {
            experimentConfig = experimentConfig.with("training.batch_size", batch);
        }
        if (subset != null) {
            experimentConfig = experimentConfig.with("dataset.train_subset", subset);
        }
        Experiment experiment = Experiment.of(config == null ? arch : config, experimentConfig);
        TrainingConfig training = experiment.training();
        Architecture architecture = space.decisions().validate(Architecture.fromJson(archJson, arch.toString()));

        out.println(Dl4jRuntime.describe());
        long loadStart = System.nanoTime();
        TrialData data = experiment.data();
        out.printf("dataset loaded in %.2f s%n", (System.nanoTime() - loadStart) / 1e9);
        CompiledNetwork net = Dl4jCompiler.compile(space.spec(architecture), b -> training.apply(b, experiment.seed()));
        out.printf("architecture %s: %,d params, %,d FLOPs per image, batch %d%n", architecture.key(), net.params(),
                net.flops(), training.batchSize());
        var graph = new ComputationGraph(net.configuration());
        graph.init();
        FastHelpers.install(graph);
        var counter = new ImageCounter();
        graph.setListeners(counter);

        DataSetIterator train = data.train(training.batchSize(), experiment.seed());
        double dataRate = imagesPerSecond(train);
        out.printf("data pipeline alone: %.0f images/s (one pass over the training batches, no training)%n", dataRate);
        BenchPeer runner = peer ? new BenchPeer(out, python) : null;
        Path peerArch = peer ? BenchPeer.tempJson(withSpace(archJson, space)) : null;
        out.printf("%-6s %14s %14s %10s%s%n", "epoch", "train img/s", "infer img/s", "loss",
                peer ? String.format(" %14s %14s %8s", "median step", "PyTorch", "ratio") : "");
        double trainSum = 0;
        double inferSum = 0;
        double medianSum = 0;
        double peerSum = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            train.reset();
            counter.reset();
            long t0 = System.nanoTime();
            graph.fit(train);
            double trainRate = counter.images / ((System.nanoTime() - t0) / 1e9);
            double inferRate = inferenceRate(graph, data.validation(training.batchSize()));
            String peerColumns = "";
            if (runner != null) {
                double medianRate = training.batchSize() / (counter.medianStepMs() / 1e3);
                var result = runner.run(List.of("--arch", peerArch.toString()), training.batchSize(),
                        Math.max(1, counter.steps()), 2, training.learningRate());
                if (result.isEmpty()) {
                    runner = null;
                } else {
                    runner.checkParams(architecture.key(), net.params(), result.get().get(0));
                    double peerRate = result.get().get(0).imagesPerSecond();
                    peerColumns = String.format(" %14.0f %14.0f %7.2fx", medianRate, peerRate, medianRate / peerRate);
                    if (epoch > 1 || epochs == 1) {
                        medianSum += medianRate;
                        peerSum += peerRate;
                    }
                }
            }
            out.printf("%-6s %14.0f %14.0f %10.4f%s%n", epoch == 1 && epochs > 1 ? "1 (warm-up)" : String.valueOf(epoch),
                    trainRate, inferRate, graph.score(), peerColumns);
            if (epoch > 1 || epochs == 1) {
                trainSum += trainRate;
                inferSum += inferRate;
            }
        }
        int counted = epochs > 1 ? epochs - 1 : 1;
        out.printf("training %.0f images/s, inference %.0f images/s (mean of %d epoch%s after warm-up)%n",
                trainSum / counted, inferSum / counted, counted, counted == 1 ? "" : "s");
        if (runner != null) {
            out.printf("nas4j / PyTorch %s: %.2fx (median training step: nas4j %.0f images/s, PyTorch %.0f images/s; batch %d, Adam, %d threads each)%n",
                    runner.version(), medianSum / peerSum, medianSum / counted, peerSum / counted, training.batchSize(),
                    runner.threadCount());
        }
        out.printf("peak Java heap %d MB, peak resident set %s%n", peakHeapMb(), peakRss());
        return 0;
    }

    private static double imagesPerSecond(DataSetIterator it) {
        long images = 0;
        long t0 = System.nanoTime();
        while (it.hasNext()) {
            images += it.next().numExamples();
        }
        return images / ((System.nanoTime() - t0) / 1e9);
    }

    private static double inferenceRate(ComputationGraph graph, DataSetIterator it) {
        long images = 0;
        long t0 = System.nanoTime();
        while (it.hasNext()) {
            DataSet ds = it.next();
            graph.outputSingle(ds.getFeatures());
            images += ds.numExamples();
        }
        return images / ((System.nanoTime() - t0) / 1e9);
    }

    private static long peakHeapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }

    /** VmHWM from /proc (Linux), or "n/a". */
    private static String peakRss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> l.substring(6).strip()).findFirst().orElse("n/a");
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }

    /** {@code --children}: sampled architectures, nas4j and PyTorch alternately on random batches. */
    private int children(java.io.PrintWriter out) {
        if (config == null || arch != null) {
            throw new UserError("--children samples from an experiment's space: give --config FILE (e.g. examples/fashion-mnist.yaml) and no --arch");
        }
        if (children < 1 || steps < 1) {
            throw new UserError("--children and --steps must be at least 1, got " + children + " and " + steps);
        }
        CnnSearchSpace space = CnnSearchSpace.load(config);
        TrainingConfig training = TrainingConfig.from(ConfigNode.load(config));
        int batchSize = batch != null ? batch : training.batchSize();
        out.println(Dl4jRuntime.describe());
        var runner = new BenchPeer(out, python);
        var random = new SplittableRandom(seed);
        out.printf("%-3s %10s %12s %12s %8s  %s%n", "#", "params", "nas4j img/s", "PyTorch", "ratio", "key");
        double logSum = 0;
        for (int i = 1; i <= children; i++) {
            Architecture a = space.decisions().sample(random);
            NetworkSpec netSpec = space.spec(a);
            CompiledNetwork net = Dl4jCompiler.compile(netSpec, b -> training.apply(b, seed));
            double ms = BenchPeer.time(net.configuration(), netSpec.input(), netSpec.classes(), batchSize, 2, steps)[0];
            double rate = batchSize / (ms / 1e3);
            ObjectNode file = withSpace(a.toJson(), space);
            var result = runner.run(List.of("--arch", BenchPeer.tempJson(file).toString()), batchSize, steps, 2,
                    training.learningRate());
            if (result.isEmpty()) {
                out.printf("%-3d %,10d %12.0f%n", i, net.params(), rate);
                continue;
            }
            runner.checkParams(a.key(), net.params(), result.get().get(0));
            double peerRate = result.get().get(0).imagesPerSecond();
            logSum += Math.log(rate / peerRate);
            out.printf("%-3d %,10d %12.0f %12.0f %7.2fx  %s%n", i, net.params(), rate, peerRate, rate / peerRate, a.key());
        }
        if (logSum != 0) {
            out.printf("nas4j / PyTorch %s over %d children: %.2fx (geometric mean; median training step, batch %d, Adam, %d threads each)%n",
                    runner.version(), children, Math.exp(logSum / children), batchSize, runner.threadCount());
        }
        return 0;
    }

    /** The architecture file with its space embedded, as the peer script reads it. */
    private static ObjectNode withSpace(JsonNode archJson, CnnSearchSpace space) {
        ObjectNode copy = archJson.deepCopy();
        if (!copy.path("spaceConfig").isObject()) {
            copy.set("spaceConfig", space.config().toJson());
        }
        return copy;
    }

    private static final class ImageCounter extends BaseTrainingListener {
        long images;
        private final List<Long> stepNanos = new ArrayList<>();
        private long last;

        void reset() {
            images = 0;
            stepNanos.clear();
            last = System.nanoTime();
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
}
