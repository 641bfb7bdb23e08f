package org.nas4j.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nas4j.bench.train.BenchPeer;
import org.nas4j.bench.train.TrainBench;
import org.nas4j.core.Architecture;
import org.nas4j.core.UserError;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.Experiment;
import org.nas4j.evaluator.train.TrainingConfig;
import org.nas4j.space.CnnSearchSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nas bench train}: reads the architecture and the experiment, then runs {@link TrainBench}. */
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
    @Option(names = "--rounds", defaultValue = "3", description = "With --children: rounds of nas4j then PyTorch per child; each side keeps its fastest (default ${DEFAULT-VALUE}).") int rounds;
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
        Architecture architecture = space.decisions().validate(Architecture.fromJson(archJson, arch.toString()));
        new TrainBench(out, peer ? new BenchPeer(out, python) : null).epochs(experiment, space, architecture, archJson, epochs);
        return 0;
    }

    /** {@code --children}: sampled architectures, nas4j and PyTorch alternately on random batches. */
    private int children(java.io.PrintWriter out) {
        if (config == null || arch != null) {
            throw new UserError("--children samples from an experiment's space: give --config FILE (e.g. examples/fashion-mnist.yaml) and no --arch");
        }
        if (children < 1 || steps < 1 || rounds < 1) {
            throw new UserError("--children, --steps and --rounds must be at least 1, got " + children + ", " + steps + " and " + rounds);
        }
        CnnSearchSpace space = CnnSearchSpace.load(config);
        TrainingConfig training = TrainingConfig.from(ConfigNode.load(config));
        int batchSize = batch != null ? batch : training.batchSize();
        new TrainBench(out, new BenchPeer(out, python)).children(space, training, batchSize, children, seed, steps, rounds);
        return 0;
    }
}
