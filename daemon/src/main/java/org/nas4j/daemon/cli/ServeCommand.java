package org.nas4j.daemon.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.nas4j.store.NasStore;
import org.nas4j.web.Dashboard;
import org.nas4j.web.ExperimentControls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sun.misc.Signal;

/** {@code nas serve}: the dashboard over a store with no search running here; Ctrl-C ends it. */
@Command(name = "serve", description = "Serve the dashboard over the stored experiments (no search; controls answer 404).")
final class ServeCommand implements Callable<Integer> {
    @Mixin DbOption db;
    @Mixin WebOptions web;

    @Override
    public Integer call() throws InterruptedException {
        try (NasStore store = db.open(); Dashboard dashboard = web.start(store, ExperimentControls.none())) {
            var stop = new CountDownLatch(1);
            Signal.handle(new Signal("INT"), s -> stop.countDown());
            Signal.handle(new Signal("TERM"), s -> stop.countDown());
            stop.await();
            return 0;
        }
    }
}
