package org.nas4j.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.Architecture;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.Experiment;
import org.nas4j.evaluator.train.TrainingConfig;
import org.nas4j.evaluator.train.TrialData;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.dl4j.CompiledNetwork;
import org.nas4j.space.dl4j.Dl4jCompiler;
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
@Command(name = "train", description = "Train one architecture and print training and inference images/second and peak memory.")
final class BenchTrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--arch", required = true, description = "Architecture file (JSON; a line of `nas space sample --json` works).") Path arch;
    @Option(names = "--config", description = "Experiment file for the dataset and training settings, and the space when the architecture file carries none.") Path config;
    @Option(names = "--dataset", description = "Dataset directory (overrides the experiment's dataset.path).") String dataset;
    @Option(names = "--epochs", defaultValue = "3", description = "Epochs (default ${DEFAULT-VALUE}; the first is warm-up).") int epochs;
    @Option(names = "--batch", description = "Batch size (default: the experiment's, else 128).") Integer batch;
    @Option(names = "--subset", description = "Train on this many images only.") Integer subset;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
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
        var counter = new ImageCounter();
        graph.setListeners(counter);

        DataSetIterator train = data.train(training.batchSize(), experiment.seed());
        double dataRate = imagesPerSecond(train);
        out.printf("data pipeline alone: %.0f images/s (one pass over the training batches, no training)%n", dataRate);
        out.printf("%-6s %14s %14s %10s%n", "epoch", "train img/s", "infer img/s", "loss");
        double trainSum = 0;
        double inferSum = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            train.reset();
            counter.images = 0;
            long t0 = System.nanoTime();
            graph.fit(train);
            double trainRate = counter.images / ((System.nanoTime() - t0) / 1e9);
            double inferRate = inferenceRate(graph, data.validation(training.batchSize()));
            out.printf("%-6s %14.0f %14.0f %10.4f%n", epoch == 1 && epochs > 1 ? "1 (warm-up)" : String.valueOf(epoch),
                    trainRate, inferRate, graph.score());
            if (epoch > 1 || epochs == 1) {
                trainSum += trainRate;
                inferSum += inferRate;
            }
        }
        int counted = epochs > 1 ? epochs - 1 : 1;
        out.printf("training %.0f images/s, inference %.0f images/s (mean of %d epoch%s after warm-up)%n",
                trainSum / counted, inferSum / counted, counted, counted == 1 ? "" : "s");
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

    private static final class ImageCounter extends BaseTrainingListener {
        long images;

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            images += model.batchSize();
        }
    }
}
