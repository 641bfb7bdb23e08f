package org.nas4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.TrialState;
import org.nas4j.evaluator.data.DatasetSection;
import org.nas4j.daemon.cli.NasCommandTest;
import org.nas4j.store.NasStore;
import org.nas4j.store.TrialRecord;

/** Searches on a real Spark standalone cluster on loopback (a Master and Workers in JVMs of their own). */
class StandaloneSearchTest {
    @TempDir static Path dir;
    static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(dir.resolve("cluster"));
        cluster.addWorker();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    static String spark(String... properties) {
        return """
                executor: spark
                spark:
                  master: %s
                  properties:
                    spark.ui.enabled: false
                    spark.driver.host: 127.0.0.1
                    spark.driver.bindAddress: 127.0.0.1
                    spark.executor.memory: 512m
                    spark.executor.extraClassPath: "%s"
                """.formatted(cluster.url(), System.getProperty("java.class.path"))
                + String.join("", List.of(properties).stream().map(p -> "    " + p + "\n").toList());
    }

    @Test
    void killingTheWorkerMidSearchReturnsItsTrialsToPendingAndTheSearchCompletesOnANewWorker() throws Exception {
        Path config = Searches.tabular(dir, "killed", 700, """
                strategy: random
                workers: {count: 2}
                budget: {trials: 24}
                """ + spark());
        String url = "jdbc:h2:file:" + dir.resolve("killed-db");
        var search = CompletableFuture.supplyAsync(() -> NasCommandTest.nas("search", "--config", config.toString(), "--db", url, "--no-web"));
        List<Long> runningAtKill;
        try (var store = NasStore.open(url)) {
            runningAtKill = awaitRunning(store, search);
            StandaloneCluster.kill(cluster.lastWorker());
            awaitEvents(store, runningAtKill, search);
        }
        cluster.addWorker();
        var r = search.get(180, TimeUnit.SECONDS);
        assertEquals(0, r.code(), r.err());
        try (var store = NasStore.open(url)) {
            var e = store.require("killed");
            var s = store.summary(e);
            assertEquals(24, s.finished());
            assertEquals(24, s.counts().get(TrialState.COMPLETED));
            List<TrialRecord> all = store.trials(e.id());
            assertEquals(24, all.size(), "lost trials ran again; no new trial replaced them");
            assertEquals(24, new HashSet<>(all.stream().map(TrialRecord::key).toList()).size());
        }
        var events = Searches.events(url, "killed");
        assertTrue(events.stream().anyMatch(m -> m.startsWith("ran on Spark executor 1 ")), "the new Worker's executor ran trials: " + events);
    }

    @Test
    void eachTrialGetsItsOwnGpuFromSparkAndItsWorkerProcessSeesOnlyThatDevice() throws Exception {
        assumeTrue(Files.isDirectory(DatasetSection.FASHION_MNIST), "Fashion-MNIST is not installed (bin/setup installs it)");
        Path config = Searches.training(dir, "gpus", "strategy: random\nworkers: {count: 2, memory_gb: 1}\nbudget: {trials: 2}\n"
                + spark("spark.task.resource.gpu.amount: 1", "spark.executor.resource.gpu.amount: 2",
                        "spark.executor.resource.gpu.discoveryScript: " + cluster.gpuScript()));
        String url = "jdbc:h2:file:" + dir.resolve("gpus-db");
        var r = NasCommandTest.nas("search", "--config", config.toString(), "--db", url, "--no-web");
        assertEquals(0, r.code(), r.err());
        var stored = Searches.stored(url, "gpus");
        assertTrue(stored.stream().allMatch(t -> t.state().equals("COMPLETED")), stored.toString());
        var events = Searches.events(url, "gpus");
        var seen = new HashSet<String>();
        for (String gpu : List.of("3", "5")) {
            if (events.stream().anyMatch(m -> m.startsWith("worker process on GPU CUDA_VISIBLE_DEVICES=" + gpu + " "))) {
                seen.add(gpu);
                assertTrue(events.stream().anyMatch(m -> m.startsWith("ran on Spark executor") && m.endsWith(", GPU " + gpu)), events.toString());
            }
        }
        assertEquals(2, seen.size(), "two trials at once, one GPU each: " + events);
    }

    /** Waits until some trials finished and two run; returns the running ones. */
    private static List<Long> awaitRunning(NasStore store, CompletableFuture<?> search) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && !search.isDone()) {
            var e = store.experiment("killed");
            if (e.isPresent() && store.summary(e.get()).finished() >= 6) {
                var running = store.trials(e.get().id()).stream().filter(t -> t.state() == TrialState.RUNNING).toList();
                if (running.size() == 2) {
                    return running.stream().map(TrialRecord::id).toList();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the search did not get going: " + (search.isDone() ? search.get() : "still running"));
    }

    /** Waits until every trial that was running when the Worker died went back to PENDING (an event says so). */
    private static void awaitEvents(NasStore store, List<Long> trials, CompletableFuture<?> search) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        var e = store.require("killed");
        while (System.nanoTime() < deadline && !search.isDone()) {
            var back = store.queries().events(e.name(), 0, 1000).stream()
                    .filter(m -> m.message().startsWith("trial lost (Spark executor 0 was lost") && m.message().contains("back to PENDING"))
                    .map(m -> m.trialId()).toList();
            if (back.containsAll(trials)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("trials " + trials + " were not put back: " + store.queries().events(e.name(), 0, 1000));
    }
}
