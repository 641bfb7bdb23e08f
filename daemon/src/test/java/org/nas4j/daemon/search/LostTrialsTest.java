package org.nas4j.daemon.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.Evaluator;
import org.nas4j.core.TrialLostException;
import org.nas4j.core.TrialState;
import org.nas4j.core.UserError;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.store.EventRecord;
import org.nas4j.store.NasStore;
import org.nas4j.store.TrialRecord;

/** A trial whose evaluator loses it goes back to PENDING and runs again, a bounded number of times. */
class LostTrialsTest {
    @Test
    void aLostTrialRunsAgainAndOneLostOnEveryRetryFailsWithReasonLost(@TempDir Path dir) throws Exception {
        Path file = MacroExperiment.write(dir, "lost", 2, 0, "budget: {trials: 8}\n");
        Map<Long, Integer> attempts = new ConcurrentHashMap<>();
        UnaryOperator<Evaluator> flaky = lookup -> (trial, listener) -> {
            int attempt = attempts.merge(trial.id(), 1, Integer::sum);
            if (trial.id() == firstId(attempts) || (attempt == 1 && attempts.size() == 2)) {
                throw new TrialLostException("executor 7 was lost");
            }
            return lookup.evaluate(trial, listener);
        };
        try (var store = NasStore.open("jdbc:h2:file:" + dir.resolve("db"))) {
            var loop = MacroExperiment.randomSearch(store, file, flaky, System::nanoTime, (f, b, best, s) -> {});
            var e = store.require("lost");
            assertEquals(org.nas4j.core.ExperimentStatus.FINISHED, loop.run());
            var trials = store.trials(e.id());
            assertEquals(8, trials.size(), "retries are not new trials");
            TrialRecord first = trials.get(0);
            assertEquals(TrialState.FAILED, first.state());
            assertEquals("lost", first.stopReason());
            assertEquals("lost 4 times; last: executor 7 was lost", first.error());
            assertEquals(1 + SearchLoop.MAX_RETRIES, attempts.get(first.id()));
            TrialRecord second = trials.get(1);
            assertEquals(TrialState.COMPLETED, second.state(), "lost once, then it ran");
            assertEquals(2, attempts.get(second.id()));
            assertTrue(trials.subList(2, 8).stream().allMatch(t -> t.state() == TrialState.COMPLETED && attempts.get(t.id()) == 1));
            var events = store.queries().events(e.name(), 0, 100).stream().filter(ev -> second.id() == (ev.trialId() == null ? -1 : ev.trialId()))
                    .map(EventRecord::message).toList();
            assertTrue(events.contains("trial lost (executor 7 was lost); back to PENDING, retry 1 of 3"), events.toString());
        }
    }

    private static long firstId(Map<Long, Integer> attempts) {
        return attempts.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    @Test
    void anExecutorThatIsNotOnTheClassPathOrASectionOfAnotherExecutorIsAOneLineError() {
        String base = "name: x\nbenchmark: {space: s.json, table: t.csv, metric: m}\n";
        var missing = assertThrows(UserError.class, () -> SearchProblem.from(Path.of("x.yaml"),
                ConfigNode.parse(base + "executor: spark\nspark: {master: \"local[2]\"}\n", "x.yaml", true)));
        assertEquals("x.yaml: executor: spark needs the nas4j-spark module, which this nas does not include: "
                + "run bin/nas-spark (or java -jar spark/target/nas4j-spark.jar) instead of bin/nas", missing.getMessage());
        var stray = assertThrows(UserError.class, () -> SearchProblem.from(Path.of("x.yaml"),
                ConfigNode.parse(base + "spark: {master: \"local[2]\"}\n", "x.yaml", true)));
        assertEquals("x.yaml: spark is set but executor is local: add executor: spark or remove the spark section", stray.getMessage());
        var unknown = assertThrows(UserError.class, () -> SearchProblem.from(Path.of("x.yaml"),
                ConfigNode.parse(base + "executor: ray\n", "x.yaml", true)));
        assertTrue(unknown.getMessage().startsWith("x.yaml: executor"), unknown.getMessage());
    }
}
