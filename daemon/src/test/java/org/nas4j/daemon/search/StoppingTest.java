package org.nas4j.daemon.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.Evaluator;
import org.nas4j.core.ExperimentStatus;
import org.nas4j.core.TrialState;
import org.nas4j.store.NasStore;

/** A stop shows as {@code stopping} while the running trials are being interrupted, then {@code stopped}. */
class StoppingTest {
    @Test
    void aStoppedSearchIsStoppingUntilItsTrialHasLetGoThenStoppedWithTheTrialPending(@TempDir Path dir) throws Exception {
        Path file = MacroExperiment.write(dir, "stopping", 5, 0, "budget: {trials: 10}\n");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (var store = NasStore.open("jdbc:h2:file:" + dir.resolve("db"))) {
            // a trial that takes its time to notice the interrupt, as a worker JVM being killed does
            var loop = MacroExperiment.randomSearch(store, file, lookup -> (Evaluator) (trial, listener) -> {
                started.countDown();
                while (true) {
                    try {
                        if (release.await(100, TimeUnit.MILLISECONDS)) {
                            break;
                        }
                    } catch (InterruptedException e) {
                        // keeps going until released
                    }
                }
                return lookup.evaluate(trial, listener);
            }, System::nanoTime, (f, b, best, s) -> {});
            var status = new ExperimentStatus[1];
            Thread search = new Thread(() -> {
                try {
                    status[0] = loop.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            search.start();
            assertTrue(started.await(30, TimeUnit.SECONDS));
            assertEquals(ExperimentStatus.RUNNING, store.require("stopping").status());
            loop.stop();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (store.require("stopping").status() != ExperimentStatus.STOPPING && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(ExperimentStatus.STOPPING, store.require("stopping").status());
            release.countDown();
            search.join(30_000);
            assertEquals(ExperimentStatus.STOPPED, status[0]);
            var e = store.require("stopping");
            assertEquals(ExperimentStatus.STOPPED, e.status());
            assertEquals(TrialState.PENDING, store.trials(e.id()).get(0).state(),
                    "the interrupted trial runs again on resume");
        }
    }
}
