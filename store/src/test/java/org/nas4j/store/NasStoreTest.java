package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import org.nas4j.core.read.TrialQuery;
import org.nas4j.core.read.TrialSort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.Architecture;
import org.nas4j.core.Decision;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.PolicyStep;
import org.nas4j.core.StopReason;
import org.nas4j.core.TrialResult;
import org.nas4j.core.TrialState;
import org.nas4j.core.UserError;

class NasStoreTest {
    static final DecisionSpace SPACE = new DecisionSpace("s", List.of(
            new Decision("a", List.of("x", "y", "z", "w")), new Decision("b", List.of("p", "q", "r", "s", "t"))));

    static String url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    }

    static TrialResult completed(double reward) {
        return new TrialResult(StopReason.MAX_EPOCHS, reward, 1, 1, 10, 20, 1, 0.1, 32, null,
                List.of(new EpochMetrics(1, 1, 1, reward, 1, 100)));
    }

    @Test
    void everyTimeStampComesFromTheStoresClock(@TempDir Path dir) {
        var at = java.time.Instant.parse("2030-01-02T03:04:05Z");
        try (var store = new NasStore(Database.open(url(dir)), java.time.Clock.fixed(at, java.time.ZoneOffset.UTC))) {
            long e = store.createExperiment("exp", "name: exp", "{}", null, "random", 5, 1).id();
            store.status(e, org.nas4j.core.ExperimentStatus.RUNNING);
            var t = store.addTrial(e, Fixtures.arch(1), 1);
            store.running(t.id(), null);
            store.finish(t.id(), new TrialResult(StopReason.MAX_EPOCHS, 0.5, 1, 1, 10, 10, 1, 0, 32, null,
                    List.of(new EpochMetrics(1, 1, 1, 0.5, 1, 1))), null);
            var x = store.require("exp");
            assertEquals(List.of(at, at), List.of(x.createdAt(), x.startedAt()));
            var stored = store.trial(t.id()).orElseThrow();
            assertEquals(List.of(at, at, at), List.of(stored.createdAt(), stored.startedAt(), stored.finishedAt()));
        }
    }

    @Test
    void trialsFollowTheirStatesAndAFinishedTrialNeverChanges(@TempDir Path dir) {
        try (var store = NasStore.open(url(dir))) {
            var e = store.createExperiment("exp", "name: exp", "{}", "exp.yaml", "random", 10, 1);
            var t = store.addTrial(e.id(), SPACE.architecture(0, 0), 5);
            assertEquals(TrialState.PENDING, t.state());
            assertEquals(1, t.number());
            assertThrows(IllegalStateException.class, () -> store.finish(t.id(), completed(0.5)), "PENDING cannot finish");
            store.running(t.id(), null);
            store.epoch(t.id(), new EpochMetrics(1, 2, 2, 0.4, 1, 10));
            store.finish(t.id(), completed(0.5));
            var done = store.trial(t.id()).orElseThrow();
            assertEquals(TrialState.COMPLETED, done.state());
            assertEquals(0.5, done.reward());
            assertEquals("max_epochs", done.stopReason());
            assertEquals(List.of(completed(0.5).curve().get(0)), store.curve(t.id()));
            assertThrows(IllegalStateException.class, () -> store.running(t.id(), null));
            assertThrows(IllegalStateException.class, () -> store.interrupted(t.id()));
            assertThrows(IllegalStateException.class, () -> store.addTrial(e.id(), SPACE.architecture(0, 0), 6), "duplicate key");
            assertEquals(0.5, store.finished(e.id(), SPACE.architecture(0, 0).key()).orElseThrow().reward());
            var u = store.createExperiment("other", "", "{}", null, "random", 1, 1);
            assertTrue(store.finished(u.id(), SPACE.architecture(0, 0).key()).isEmpty(), "keys are per experiment");
            assertTrue(assertThrows(UserError.class, () -> store.createExperiment("exp", "", "{}", null, "random", 1, 1))
                    .getMessage().contains("nas resume exp"));
        }
    }

    @Test
    void aRestartReturnsRunningTrialsToPendingAndKeepsEverythingElse(@TempDir Path dir) {
        long experiment;
        try (var store = NasStore.open(url(dir))) {
            var e = store.createExperiment("exp", "", "{}", null, "random", 10, 1);
            experiment = e.id();
            var a = store.addTrial(e.id(), SPACE.architecture(0, 0), 1);
            var b = store.addTrial(e.id(), SPACE.architecture(1, 0), 2);
            store.running(a.id(), null);
            store.finish(a.id(), completed(0.7));
            store.running(b.id(), "/tmp/ckpt");
            store.saveCheckpoint(e.id(), 1, new byte[] {1, 2, 3});
            store.policyStep(e.id(), new PolicyStep(1, 0.7, 0.6, 0.1, 1.2, 0.3));
        }
        try (var store = NasStore.open(url(dir))) {
            List<TrialRecord> pending = store.restart(experiment);
            assertEquals(1, pending.size());
            assertEquals("/tmp/ckpt", pending.get(0).checkpointDir());
            var summary = store.summary(store.require("exp"));
            assertEquals(1, summary.counts().get(TrialState.COMPLETED));
            assertEquals(1, summary.counts().get(TrialState.PENDING));
            assertEquals(0.7, summary.bestReward());
            assertEquals(1, summary.policyStep());
            assertArrayEquals(new byte[] {1, 2, 3}, store.checkpoint(experiment).orElseThrow().state());
            assertEquals(1, store.checkpoint(experiment).orElseThrow().tells());
            assertTrue(assertThrows(UserError.class, () -> store.require("nope")).getMessage().contains("experiments: [exp]"));
        }
    }

    @Test
    void pagesSortAndFilterTrials(@TempDir Path dir) {
        try (var store = NasStore.open("jdbc:h2:mem:paging")) {
            var e = store.createExperiment("exp", "", "{}", null, "random", 20, 1);
            for (int i = 0; i < 20; i++) {
                var t = store.addTrial(e.id(), SPACE.architecture(i % 4, i / 4), i);
                if (i % 2 == 0) {
                    store.running(t.id(), null);
                    store.finish(t.id(), completed(i / 100.0));
                }
            }
            var top = new TrialQuery(0, 3, TrialSort.REWARD, true, TrialState.COMPLETED);
            assertEquals(List.of(0.18, 0.16, 0.14), store.trials(e.id(), top).stream().map(TrialRecord::reward).toList());
            assertEquals(10, store.queries().trials("exp", top).total());
            assertEquals(20, store.queries().trials("exp", new TrialQuery(3, 5, TrialSort.CREATED, false, null)).total());
            // pending trials are the odd i, numbered 2, 4, ..., 20; the second page of 7 starts at the 8th
            assertEquals(List.of(16, 18, 20), store.trials(e.id(), new TrialQuery(1, 7, TrialSort.ID, false, TrialState.PENDING)).stream()
                    .map(TrialRecord::number).toList());
        }
    }

    @Test
    void aVersion1DatabaseIsUpgradedWithoutLoss(@TempDir Path dir) throws Exception {
        String plain = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        org.flywaydb.core.Flyway.configure().dataSource(plain, "sa", "").target("1").load().migrate();
        try (var c = DriverManager.getConnection(plain, "sa", "")) {
            c.createStatement().execute("INSERT INTO experiments (name, config_text, config_json, strategy, budget_trials, seed, "
                    + "status, created_at, updated_at) VALUES ('old', 'name: old', '{}', 'random', 5, 1, 'finished', NOW(), NOW())");
        }
        try (var store = NasStore.open(url(dir))) {
            var e = store.require("old");
            assertEquals("finished", e.status().id());
            var t = store.addTrial(e.id(), SPACE.architecture(1, 1), 1);
            store.finalTraining(t.id(), 0.9, 0.88, 5, 30);
            assertEquals(0.88, store.trial(t.id()).orElseThrow().testAccuracy());
        }
    }


    @Test
    void thePrunerOfAResumedSearchGetsTheCurvesOfEveryCompletedAndPrunedTrialInFinishingOrder(@TempDir Path dir) {
        try (var store = NasStore.open(url(dir))) {
            var e = store.createExperiment("exp", "name: exp", "{}", null, "random", 10, 1);
            long[] ids = new long[4];
            for (int i = 0; i < 4; i++) {
                ids[i] = store.addTrial(e.id(), SPACE.architecture(i % 4, i / 4), i).id();
                store.running(ids[i], null);
            }
            store.finish(ids[2], Fixtures.result(org.nas4j.core.StopReason.MAX_EPOCHS, 0.5, 1, 1, 3));
            store.finish(ids[0], Fixtures.result(org.nas4j.core.StopReason.PRUNED, 0.3, 1, 1, 1));
            store.finish(ids[1], org.nas4j.core.TrialResult.failed(org.nas4j.core.StopReason.CRASHED, "boom", Fixtures.curve(2, 0.1)));
            var curves = store.finishedCurves(e.id());
            assertEquals(List.of(3, 1), curves.stream().map(List::size).toList(), "completed then pruned; failed and running left out");
        }
    }
}
