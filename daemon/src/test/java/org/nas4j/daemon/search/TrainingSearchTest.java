package org.nas4j.daemon.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.TrialState;
import org.nas4j.daemon.cli.NasCommandTest;
import org.nas4j.evaluator.data.DatasetSection;
import org.nas4j.store.NasStore;
import org.nas4j.store.TrialRecord;

/** A real-training search: three trials in worker JVMs on a tiny Fashion-MNIST subset, all of it in H2. */
class TrainingSearchTest {
    @Test
    void threeTrialsRunEndToEndAndTheirCurvesAndControllerStatisticsAreStored(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(DatasetSection.FASHION_MNIST), "Fashion-MNIST is not installed (bin/setup installs it)");
        Path config = dir.resolve("tiny.yaml");
        Files.writeString(config, """
                name: tiny
                seed: 5
                dataset: {train_subset: 300, validation_subset: 200}
                space:
                  input: {height: 28, width: 28, channels: 1}
                  classes: 10
                  stem: {channels: 8}
                  layers: 2
                  widths: [8, 16]
                  reductions: [1]
                  ops: [conv_3x3, sep_conv_3x3, max_pool_3x3]
                training: {batch_size: 50, max_epochs: 2}
                strategy: {name: reinforce, hidden: 16}
                workers: {count: 1, memory_gb: 1.5}
                budget: {trials: 3}
                """);
        String url = "jdbc:h2:file:" + dir.resolve("db");
        var r = NasCommandTest.nas("search", "--config", config.toString(), "--db", url);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("experiment tiny finished: 3 of 3 trials"), r.out());
        try (var store = NasStore.open(url)) {
            var e = store.require("tiny");
            var s = store.summary(e);
            assertEquals(3, s.finished());
            assertEquals(3, s.counts().get(TrialState.COMPLETED), "all three trained");
            assertEquals(3, s.policyStep(), "one policy step per result");
            assertEquals(3, store.policySteps(e.id()).size());
            for (TrialRecord t : store.trials(e.id(), 0, 10, "id", false, null).trials()) {
                assertEquals(2, store.curve(t.id()).size(), "trial " + t.number() + " has its learning curve");
                assertTrue(t.reward() > 0.1 && t.params() > 0 && t.flops() > 0, t.toString());
                assertEquals(t.architecture().key(), t.key());
            }
        }
        var status = NasCommandTest.nas("status", "tiny", "--db", url, "--json");
        assertTrue(status.out().contains("\"completed\":3") && status.out().contains("\"policy_step\":3"), status.out());
    }
}
