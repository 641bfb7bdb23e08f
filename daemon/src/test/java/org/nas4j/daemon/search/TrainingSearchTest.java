package org.nas4j.daemon.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.TrialState;
import org.nas4j.core.read.TrialQuery;
import org.nas4j.core.read.TrialSort;
import org.nas4j.daemon.cli.NasCommandTest;
import org.nas4j.evaluator.data.DatasetSection;
import org.nas4j.store.NasStore;
import org.nas4j.store.TrialRecord;

/** A real-training search: three trials in worker JVMs on a tiny Fashion-MNIST subset, all of it in H2. */
public class TrainingSearchTest {
    @Test
    void threeTrialsRunEndToEndAndTheirCurvesAndControllerStatisticsAreStored(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(DatasetSection.FASHION_MNIST), "Fashion-MNIST is not installed (bin/setup installs it)");
        Path config = dir.resolve("tiny.yaml");
        Files.writeString(config, tiny("tiny", smallFashionMnist(dir.resolve("fashion-mnist-small"))) + """
                strategy: {name: reinforce, hidden: 16, warmup: 0}
                workers: {count: 1, memory_gb: 1.5}
                budget: {trials: 3}
                """);
        String url = "jdbc:h2:file:" + dir.resolve("db");
        var r = NasCommandTest.nas("search", "--config", config.toString(), "--db", url, "--no-web");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("experiment tiny finished: 3 of 3 trials"), r.out());
        try (var store = NasStore.open(url)) {
            var e = store.require("tiny");
            var s = store.summary(e);
            assertEquals(3, s.finished());
            assertEquals(3, s.counts().get(TrialState.COMPLETED), "all three trained");
            assertEquals(3, s.policyStep(), "one policy step per result");
            assertEquals(3, store.queries().policySteps(e.name()).size());
            double best = 0;
            for (TrialRecord t : store.trials(e.id())) {
                assertEquals(2, store.curve(t.id()).size(), "trial " + t.number() + " has its learning curve");
                // a child of pools only may stay at chance (0.1) on this tiny subset; the best must have learned
                assertTrue(t.reward() >= 0 && t.reward() <= 1 && t.params() > 0 && t.flops() > 0, t.toString());
                assertEquals(t.architecture().key(), t.key());
                best = Math.max(best, t.reward());
            }
            assertTrue(best > 0.1, "the best of the three trials learned: " + best);
        }
        var status = NasCommandTest.nas("status", "tiny", "--db", url, "--json");
        assertTrue(status.out().contains("\"completed\":3") && status.out().contains("\"policy_step\":3"), status.out());

        // export the best with the Pareto front, retrained for one epoch and tested once
        Path out = dir.resolve("export");
        var export = NasCommandTest.nas("export", "tiny", "--db", url, "--top", "1", "--pareto", "--retrain", "--epochs", "1",
                "--out", out.toString());
        assertEquals(0, export.code(), export.err());
        try (var folders = Files.list(out)) {
            var first = folders.sorted().findFirst().orElseThrow();
            assertTrue(first.getFileName().toString().startsWith("01-trial-"), first.toString());
            for (String f : new String[] {"architecture.json", "dl4j-config.json", "summary.md", "model.zip", "normalization.json"}) {
                assertTrue(Files.exists(first.resolve(f)), f);
            }
            assertTrue(Files.readString(first.resolve("summary.md")).contains("**test accuracy"));
        }
        try (var store = NasStore.open(url)) {
            var best = store.trials(store.require("tiny").id(), new TrialQuery(0, 1, TrialSort.REWARD, true, TrialState.COMPLETED)).get(0);
            assertTrue(best.testAccuracy() > 0, "the test accuracy is written back to the store");
        }
        var again = NasCommandTest.nas("export", "tiny", "--db", url, "--out", out.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("exists: choose another --out, or add --force"), again.err());
    }

    /** A tiny CNN experiment on {@code data} (two layers of 8 and 16 channels, two epochs), without strategy, workers or budget. */
    public static String tiny(String name, Path data) {
        return """
                name: %s
                seed: 5
                dataset: {path: %s, validation_fraction: 0.2}
                space:
                  input: {height: 28, width: 28, channels: 1}
                  classes: 10
                  stem: {channels: 8}
                  layers: 2
                  widths: [8, 16]
                  reductions: [1]
                  ops: [conv_3x3, sep_conv_3x3, max_pool_3x3]
                training: {batch_size: 50, max_epochs: 2, learning_rate: 0.005}
                """.formatted(name, data);
    }

    /** The first 500 training and 200 test images of Fashion-MNIST, as IDX files: real data, small enough to retrain. */
    public static Path smallFashionMnist(Path dir) throws Exception {
        Files.createDirectories(dir);
        for (String split : new String[] {"train", "t10k"}) {
            int n = split.equals("train") ? 500 : 200;
            copy(DatasetSection.FASHION_MNIST.resolve(split + "-images-idx3-ubyte.gz"), dir.resolve(split + "-images-idx3-ubyte"), n, 28 * 28, 16);
            copy(DatasetSection.FASHION_MNIST.resolve(split + "-labels-idx1-ubyte.gz"), dir.resolve(split + "-labels-idx1-ubyte"), n, 1, 8);
        }
        return dir;
    }

    private static void copy(Path gz, Path to, int n, int bytesEach, int header) throws Exception {
        try (var in = new java.io.DataInputStream(new java.util.zip.GZIPInputStream(Files.newInputStream(gz)));
             var out = new java.io.DataOutputStream(Files.newOutputStream(to))) {
            byte[] head = new byte[header];
            in.readFully(head);
            java.nio.ByteBuffer.wrap(head).putInt(4, n);
            out.write(head);
            byte[] body = new byte[n * bytesEach];
            in.readFully(body);
            out.write(body);
        }
    }

    @Test
    void exportingAnExperimentWithoutCompletedTrialsSaysSo(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("empty.yaml");
        Files.writeString(config, Files.readString(Path.of("..", "examples", "fashion-mnist-evolution.yaml")).replace("name: fashion-mnist", "name: empty"));
        String url = "jdbc:h2:file:" + dir.resolve("db");
        try (var store = NasStore.open(url)) {
            store.createExperiment("empty", "", org.nas4j.core.Json.write(org.nas4j.core.config.ConfigNode.load(config).json()),
                    config.toString(), "random", 3, 1);
        }
        var r = NasCommandTest.nas("export", "empty", "--db", url, "--out", dir.resolve("x").toString());
        assertEquals(2, r.code());
        assertEquals("nas: experiment empty has no completed trial yet: nothing to export; run `nas resume empty`", r.err().strip());
        var missing = NasCommandTest.nas("status", "nope", "--db", url);
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("there is no experiment 'nope'"), missing.err());
    }
}
