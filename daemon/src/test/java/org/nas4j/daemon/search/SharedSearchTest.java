package org.nas4j.daemon.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.TrialState;
import org.nas4j.daemon.cli.NasCommandTest;
import org.nas4j.daemon.cli.NasProcess;
import org.nas4j.evaluator.data.DatasetSection;
import org.nas4j.store.NasStore;

/**
 * A shared-weight search end to end on a tiny Fashion-MNIST subset: supernet epochs, the controller learning from
 * shared-weight rewards, derived candidates, their stand-alone trials, the final training and its export, all in H2.
 */
public class SharedSearchTest {
    /** A tiny shared-weight experiment on {@code data}: three supernet epochs, two candidates, one final epoch. */
    static String tinyShared(String name, Path data, int epochs) {
        return TrainingSearchTest.tiny(name, data).replace("ops: [conv_3x3, sep_conv_3x3, max_pool_3x3]",
                "ops: [conv_3x3, sep_conv_3x3, max_pool_3x3, avg_pool_3x3]") + """
                evaluation: shared
                shared: {epochs: %d, batch_size: 20, optimizer: adam, learning_rate: 0.01, controller_samples: 40, derive_samples: 6,
                         derive_images: 100, top_k: 2, final_epochs: 1}
                strategy: {name: reinforce, hidden: 16, warmup: 0, batch: 5, learning_rate: 0.05, elite: 0}
                workers: {isolation: in_process, count: 1}
                """.formatted(epochs);
    }

    @Test
    void searchesWithSharedWeightsDerivesTrainsTheBestAndExportsIt(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(DatasetSection.FASHION_MNIST), "Fashion-MNIST is not installed (bin/setup installs it)");
        Path config = dir.resolve("shared.yaml");
        Files.writeString(config, tinyShared("shared", TrainingSearchTest.smallFashionMnist(dir.resolve("data")), 6));
        String url = "jdbc:h2:file:" + dir.resolve("db");
        var r = NasCommandTest.nas("search", "--config", config.toString(), "--db", url, "--no-web");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("supernet epoch 6 of 6"), r.out());
        assertTrue(r.out().matches("(?s).*best architecture \\S+: [0-9,]+ parameters, validation accuracy 0\\.\\d+, test accuracy 0\\.\\d+.*"), r.out());
        try (var store = NasStore.open(url)) {
            var e = store.require("shared");
            assertEquals("finished", e.status().id());
            var epochs = store.shared().epochs(e.id());
            assertEquals(6, epochs.size());
            assertTrue(epochs.get(5).trainLoss() < epochs.get(0).trainLoss() - 0.2, "the supernet's loss falls: " + epochs);
            assertTrue(epochs.stream().allMatch(x -> x.meanReward() > 0 && x.meanReward() < 1), epochs.toString());
            assertEquals(240, store.shared().samples(e.id(), 0, 1000).size(), "every scored child is stored");
            var steps = store.queries().policySteps(e.name());
            assertEquals(48, steps.size(), "a policy step per 5 rewards");
            assertTrue(steps.get(steps.size() - 1).entropy() < steps.get(0).entropy(), "the controller's entropy falls: "
                    + steps.get(0).entropy() + " -> " + steps.get(steps.size() - 1).entropy());
            var derived = store.shared().derived(e.id());
            assertTrue(derived.size() >= 2 && derived.size() <= 6, derived.toString());
            for (int i = 1; i < derived.size(); i++) {
                assertTrue(derived.get(i - 1).sharedAccuracy() >= derived.get(i).sharedAccuracy(), "best first");
            }
            assertTrue(derived.stream().filter(c -> c.rank() <= 2).allMatch(c -> c.standaloneAccuracy() > 0
                    && TrialState.COMPLETED.name().equals(c.state())), "the top two trained stand-alone: " + derived);
            assertEquals(2, store.summary(e).finished());
            var trained = store.queries().finalTrainings("shared");
            assertEquals(1, trained.size());
            assertTrue(trained.get(0).testAccuracy() >= 0 && trained.get(0).seconds() > 0 && trained.get(0).params() > 0, trained.toString());
        }
        Path export = dir.resolve("exports").resolve("shared");
        for (String f : new String[] {"architecture.json", "dl4j-config.json", "summary.md", "model.zip", "normalization.json"}) {
            assertTrue(Files.exists(export.resolve(f)), f);
        }
        var status = NasCommandTest.nas("status", "shared", "--db", url, "--json");
        assertTrue(status.out().contains("\"final\":{\"key\":") && status.out().contains("\"test_accuracy\":")
                && status.out().contains("\"supernet\":{\"epochs\":6,\"steps\":120"), status.out());

        var tau = NasCommandTest.nas("bench", "shared", "shared", "--db", url, "--n", "3");
        assertEquals(0, tau.code(), tau.err());
        assertTrue(tau.out().matches("(?s).*Kendall tau between shared-weight and stand-alone accuracy over 3 children: (-?[01]\\.\\d{3}|undefined).*"),
                tau.out());

        var again = NasCommandTest.nas("resume", "shared", "--db", url, "--no-web");
        assertEquals(0, again.code(), again.err());
        assertTrue(!again.out().contains("supernet epoch") && !again.out().contains("final training of"),
                "a finished search trains nothing again: " + again.out());
    }

    @Test
    void aSearchKilledDuringItsEpochsResumesFromTheLastStoredEpoch(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(DatasetSection.FASHION_MNIST), "Fashion-MNIST is not installed (bin/setup installs it)");
        Path config = dir.resolve("killed.yaml");
        Files.writeString(config, tinyShared("killed", TrainingSearchTest.smallFashionMnist(dir.resolve("data")), 8)
                .replace("final_epochs: 1", "final_epochs: 0"));
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";AUTO_SERVER=TRUE";
        Process first = NasProcess.start(dir, "search", "--config", config.toString(), "--db", url, "--no-web");
        int stored;
        byte[] weights;
        try (var store = NasStore.open(url)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (System.nanoTime() < deadline && first.isAlive() && store.experiment("killed")
                    .map(e -> store.shared().epochs(e.id()).size()).orElse(0) < 2) {
                Thread.sleep(50);
            }
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL in the middle of an epoch
            var e = store.require("killed");
            stored = store.shared().epochs(e.id()).size();
            assertTrue(stored >= 2 && stored < 8, "killed during the epochs: " + stored + "\n" + Files.readString(NasProcess.log(dir)));
            var checkpoint = store.shared().checkpoint(e.id()).orElseThrow();
            assertEquals(stored, checkpoint.epoch(), "the supernet is stored with its epoch");
            weights = checkpoint.weights();
            assertEquals(stored * 40L, store.checkpoint(e.id()).orElseThrow().tells(), "and so is the controller");
        }
        Process second = NasProcess.start(dir, "resume", "killed", "--db", url, "--no-web");
        assertTrue(second.waitFor(300, TimeUnit.SECONDS), "the resumed search ends");
        String log = Files.readString(NasProcess.log(dir));
        assertEquals(0, second.exitValue(), log);
        String resumed = log.substring(log.lastIndexOf("supernet epoch " + stored + " of 8") + 1);
        assertTrue(resumed.contains("supernet epoch " + (stored + 1) + " of 8"), log);
        assertTrue(!resumed.contains("supernet epoch " + stored + " of 8"), "no stored epoch is trained again: " + log);
        try (var store = NasStore.open(url)) {
            var e = store.require("killed");
            var epochs = store.shared().epochs(e.id());
            assertEquals(8, epochs.size());
            for (int i = 0; i < 8; i++) {
                assertEquals(i + 1, epochs.get(i).epoch());
                assertEquals(20L * (i + 1), epochs.get(i).steps(), "the step count goes on from the checkpoint");
            }
            assertEquals(320, store.shared().samples(e.id(), 0, 1000).size());
            assertTrue(weights.length > 0 && !java.util.Arrays.equals(weights, store.shared().checkpoint(e.id()).orElseThrow().weights()));
            assertEquals("finished", e.status().id());
            assertEquals(2, store.summary(e).finished(), "the two candidates trained stand-alone");
        }
    }
}
