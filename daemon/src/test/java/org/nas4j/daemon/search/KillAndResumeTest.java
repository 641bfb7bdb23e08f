package org.nas4j.daemon.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.TrialState;
import org.nas4j.daemon.cli.NasProcess;
import org.nas4j.store.NasStore;
import org.nas4j.store.TrialRecord;

/** A tabular search in a real daemon process, killed with SIGKILL in the middle and resumed. */
public class KillAndResumeTest {
    @Test
    void aSearchKilledMidwayResumesWithoutLosingOrRepeatingTrialsAndReachesItsBudget(@TempDir Path dir) throws Exception {
        Path config = MacroExperiment.write(dir, "macro", 3, 40, "strategy: {name: evolution, population: 20, sample: 5}\nbudget: {trials: 120}\n");
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";AUTO_SERVER=TRUE";

        Process first = nas(dir, "search", "--config", config.toString(), "--db", url, "--no-web");
        int beforeKill;
        try (var store = NasStore.open(url)) {
            beforeKill = waitForFinished(store, 40, first);
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hooks, no cleanup
            var e = store.require("macro");
            int afterKill = store.summary(e).finished();
            assertTrue(afterKill >= beforeKill, "completed trials never go down: " + beforeKill + " then " + afterKill);
            assertTrue(afterKill < 120, "killed before the end");
            assertTrue(store.checkpoint(e.id()).isPresent(), "the strategy was checkpointed");
        }

        Process second = nas(dir, "resume", "macro", "--db", url, "--no-web");
        assertTrue(second.waitFor(180, TimeUnit.SECONDS), "the resumed search ends");
        assertEquals(0, second.exitValue(), Files.readString(dir.resolve("nas.log")));
        try (var store = NasStore.open(url)) {
            var e = store.require("macro");
            var s = store.summary(e);
            assertEquals(120, s.finished());
            assertEquals(120, s.counts().get(TrialState.COMPLETED));
            assertEquals("finished", e.status().id());
            List<TrialRecord> all = new ArrayList<>(store.trials(e.id()));
            assertEquals(120, all.size());
            assertEquals(120, new HashSet<>(all.stream().map(TrialRecord::key).toList()).size(), "no architecture evaluated twice");
        }
    }

    static Process nas(Path dir, String... args) throws Exception {
        return NasProcess.start(dir, args);
    }

    /** Waits until experiment "macro" has {@code atLeast} finished trials; returns how many it has. */
    public static int waitForFinished(NasStore store, int atLeast, Process daemon) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && daemon.isAlive()) {
            var e = store.experiment("macro");
            if (e.isPresent()) {
                int finished = store.summary(e.get()).finished();
                if (finished >= atLeast) {
                    return finished;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the daemon did not reach " + atLeast + " trials (alive: " + daemon.isAlive() + ")");
    }
}
