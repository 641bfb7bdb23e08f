package org.nas4j.bench.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.Architecture;
import org.nas4j.evaluator.Experiment;
import org.nas4j.evaluator.train.TrainingConfig;
import org.nas4j.evaluator.train.TrialData;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.NetworkSpec;
import org.nas4j.space.dl4j.CompiledNetwork;
import org.nas4j.space.dl4j.FastHelpers;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * {@code nas bench train}: the training speed of one architecture on an experiment's dataset, per epoch (the first
 * reported as warm-up and left out of the summary), or of sampled children on random batches; with the PyTorch peer,
 * the same networks in PyTorch and the ratio.
 *
 * @param peer the PyTorch side, or null to leave it out
 */
public record TrainBench(PrintWriter out, BenchPeer peer) {

    /**
     * Trains {@code architecture} of {@code space} (its file: {@code archJson}) for {@code epochs} epochs with the
     * experiment's dataset and training settings.
     */
    public void epochs(Experiment experiment, CnnSearchSpace space, Architecture architecture, JsonNode archJson, int epochs) {
        TrainingConfig training = experiment.training();
        out.println(Dl4jRuntime.describe());
        long loadStart = System.nanoTime();
        TrialData data = experiment.data();
        out.printf("dataset loaded in %.2f s%n", (System.nanoTime() - loadStart) / 1e9);
        CompiledNetwork net = training.compile(space.spec(architecture), experiment.seed());
        out.printf("architecture %s: %,d params, %,d FLOPs per image, batch %d%n", architecture.key(), net.params(),
                net.flops(), training.batchSize());
        var graph = new ComputationGraph(net.configuration());
        graph.init();
        FastHelpers.install(graph);
        var counter = new ImageCounter();
        graph.setListeners(counter);

        DataSetIterator train = data.train(training.batchSize(), experiment.seed());
        out.printf("data pipeline alone: %.0f images/s (one pass over the training batches, no training)%n",
                Rates.imagesPerSecond(train));
        BenchPeer runner = peer;
        String peerArch = peer == null ? null : BenchPeer.tempJson(withSpace(archJson, space)).toString();
        out.printf("%-6s %14s %14s %10s%s%n", "epoch", "train img/s", "infer img/s", "loss",
                peer != null ? String.format(" %14s %14s %8s", "median step", "PyTorch", "ratio") : "");
        double trainSum = 0;
        double inferSum = 0;
        double medianSum = 0;
        double peerSum = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            boolean counted = epoch > 1 || epochs == 1;
            train.reset();
            counter.reset();
            long t0 = System.nanoTime();
            graph.fit(train);
            double trainRate = counter.images() / ((System.nanoTime() - t0) / 1e9);
            double inferRate = Rates.inference(graph, data.validation(training.batchSize()));
            String peerColumns = "";
            if (runner != null) {
                double medianRate = training.batchSize() / (counter.medianStepMs() / 1e3);
                var result = runner.run(List.of("--arch", peerArch), training.batchSize(), Math.max(1, counter.steps()), 2,
                        training.learningRate());
                if (result.isEmpty()) {
                    runner = null;
                } else {
                    runner.checkParams(architecture.key(), net.params(), result.get().get(0));
                    double peerRate = result.get().get(0).imagesPerSecond();
                    peerColumns = String.format(" %14.0f %14.0f %7.2fx", medianRate, peerRate, medianRate / peerRate);
                    if (counted) {
                        medianSum += medianRate;
                        peerSum += peerRate;
                    }
                }
            }
            out.printf("%-6s %14.0f %14.0f %10.4f%s%n", epoch == 1 && epochs > 1 ? "1 (warm-up)" : String.valueOf(epoch),
                    trainRate, inferRate, graph.score(), peerColumns);
            if (counted) {
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
        out.printf("peak Java heap %d MB, peak resident set %s%n", Rates.peakHeapMb(), Rates.peakRss());
    }

    /**
     * {@code count} architectures sampled from {@code space} with {@code seed}, each timed on random batches in
     * {@code rounds} rounds of nas4j then PyTorch, each side keeping its fastest round (the least disturbed by other work).
     */
    public void children(CnnSearchSpace space, TrainingConfig training, int batchSize, int count, long seed, int steps, int rounds) {
        out.println(Dl4jRuntime.describe());
        var random = new SplittableRandom(seed);
        out.printf("%-3s %10s %12s %12s %8s  %s%n", "#", "params", "nas4j img/s", "PyTorch", "ratio", "key");
        double logSum = 0;
        for (int i = 1; i <= count; i++) {
            Architecture a = space.decisions().sample(random);
            NetworkSpec netSpec = space.spec(a);
            CompiledNetwork net = training.compile(netSpec, seed);
            var inTurn = new BenchPeer.InTurn(List.of(net.configuration()), netSpec.input(), netSpec.classes(), batchSize);
            var peerArgs = List.of("--arch", BenchPeer.tempJson(withSpace(a.toJson(), space)).toString());
            List<BenchPeer.Step> java = null;
            List<BenchPeer.Result> torch = null;
            for (int round = 0; round < rounds; round++) {
                java = BenchPeer.fastest(java, inTurn.time(2, steps), BenchPeer.Step::fastest);
                var result = peer.run(peerArgs, batchSize, steps, 2, training.learningRate());
                if (result.isEmpty()) {
                    break; // the peer printed why it was skipped
                }
                torch = BenchPeer.fastest(torch, result.get(), BenchPeer.Result::fastest);
            }
            double rate = batchSize / (java.get(0).trainMs() / 1e3);
            if (torch == null) {
                out.printf("%-3d %,10d %12.0f%n", i, net.params(), rate);
                continue;
            }
            peer.checkParams(a.key(), net.params(), torch.get(0));
            double peerRate = torch.get(0).imagesPerSecond();
            logSum += Math.log(rate / peerRate);
            out.printf("%-3d %,10d %12.0f %12.0f %7.2fx  %s%n", i, net.params(), rate, peerRate, rate / peerRate, a.key());
        }
        if (logSum != 0) {
            out.printf("nas4j / PyTorch %s over %d children: %.2fx (geometric mean; median training step, batch %d, Adam, %d threads each)%n",
                    peer.version(), count, Math.exp(logSum / count), batchSize, peer.threadCount());
        }
    }

    /** The architecture file with its space embedded, as the peer script reads it. */
    private static ObjectNode withSpace(JsonNode archJson, CnnSearchSpace space) {
        ObjectNode copy = archJson.deepCopy();
        if (!copy.path("spaceConfig").isObject()) {
            copy.set("spaceConfig", space.config().toJson());
        }
        return copy;
    }
}
