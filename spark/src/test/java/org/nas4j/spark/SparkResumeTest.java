package org.nas4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.TrialState;
import org.nas4j.daemon.cli.NasProcess;
import org.nas4j.daemon.search.KillAndResumeTest;
import org.nas4j.store.NasStore;
import org.nas4j.store.TrialRecord;

/** The store is the single source of truth on Spark too: a daemon killed with SIGKILL resumes where it stopped. */
class SparkResumeTest {
    @Test
    void aSparkSearchKilledMidwayResumesWithoutLosingOrRepeatingTrials(@TempDir Path dir) throws Exception {
        Path config = Searches.tabular(dir, "macro", 100, """
                strategy: {name: evolution, population: 10, sample: 3}
                workers: {count: 2}
                budget: {trials: 60}
                """ + LocalSparkSearchTest.SPARK);
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";AUTO_SERVER=TRUE";
        List<String> jvm = List.of(JavaModuleOptions.defaultModuleOptionArray());
        Process first = NasProcess.start(dir, jvm, "search", "--config", config.toString(), "--db", url, "--no-web");
        try (var store = NasStore.open(url)) {
            KillAndResumeTest.waitForFinished(store, 15, first);
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertTrue(store.summary(store.require("macro")).finished() < 60, "killed before the end");
        }
        Process second = NasProcess.start(dir, jvm, "resume", "macro", "--db", url, "--no-web");
        assertTrue(second.waitFor(180, TimeUnit.SECONDS), "the resumed search ends");
        assertEquals(0, second.exitValue(), Files.readString(dir.resolve("nas.log")));
        try (var store = NasStore.open(url)) {
            var e = store.require("macro");
            assertEquals("finished", e.status().id());
            assertEquals(60, store.summary(e).counts().get(TrialState.COMPLETED));
            List<TrialRecord> all = store.trials(e.id());
            assertEquals(60, all.size());
            assertEquals(60, new HashSet<>(all.stream().map(TrialRecord::key).toList()).size(), "no architecture evaluated twice");
        }
    }
}
