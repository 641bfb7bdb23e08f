package org.nas4j.daemon.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.store.NasStore;

/** Time spent paused with nothing running counts neither against a time budget nor as running time. */
class PausedTimeTest {
    @Test
    void tenMinutesPausedDoNotSpendAOneMinuteBudget(@TempDir Path dir) throws Exception {
        Path file = MacroExperiment.write(dir, "paused", 3, 0, "budget: {trials: 6, minutes: 1}\n");
        AtomicLong clock = new AtomicLong(); // the loop's only time source
        CountDownLatch looked = new CountDownLatch(2);
        try (var store = NasStore.open("jdbc:h2:file:" + dir.resolve("db"))) {
            var loop = MacroExperiment.randomSearch(store, file, lookup -> lookup, clock::get, (f, b, best, s) -> looked.countDown());
            loop.pause(true);
            var status = new org.nas4j.core.ExperimentStatus[1];
            Thread search = new Thread(() -> {
                try {
                    status[0] = loop.run();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            search.start();
            assertTrue(looked.await(30, TimeUnit.SECONDS), "the paused loop keeps looking");
            clock.addAndGet(TimeUnit.MINUTES.toNanos(10));
            Thread.sleep(500); // the loop sees the pause go on
            loop.pause(false);
            search.join(30_000);
            assertEquals("finished", status[0].id());
            var after = store.require("paused");
            assertEquals(6, store.summary(after).finished(), "all six trials ran: the pause did not spend the budget");
            assertTrue(after.elapsedSeconds() < 1, "running time " + after.elapsedSeconds() + " s");
        }
    }
}
