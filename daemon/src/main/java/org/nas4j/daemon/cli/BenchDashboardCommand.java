package org.nas4j.daemon.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nas4j.bench.dashboard.DashboardBench;
import org.nas4j.daemon.search.StoreJournal;
import org.nas4j.daemon.web.StoreDashboard;
import org.nas4j.store.NasStore;
import org.nas4j.web.Dashboard;
import org.nas4j.web.ExperimentControls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nas bench dashboard}: the experiment page's API calls on a store of 10,000 trials, timed over HTTP. */
@Command(name = "dashboard", description = "Fill an H2 file with a big experiment, serve it, and time the experiment page's API calls.")
final class BenchDashboardCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--db", description = "H2 URL to fill (default: a new file in a temporary folder, deleted afterwards); "
            + "an experiment '" + DashboardBench.EXPERIMENT + "' already there is measured as it is.") String db;
    @Option(names = "--config", defaultValue = "examples/fashion-mnist-evolution.yaml", description = "Experiment file whose CNN space the trials sample (default ${DEFAULT-VALUE}).") Path config;
    @Option(names = "--trials", defaultValue = "10000") int trials;
    @Option(names = "--epochs", defaultValue = "10", description = "Epochs per trial (default ${DEFAULT-VALUE}).") int epochs;
    @Option(names = "--samples", defaultValue = "50", description = "Timed calls per endpoint (default ${DEFAULT-VALUE}).") int samples;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        Path temp = Files.createTempDirectory("nas4j-bench"); // the token, and the database unless --db
        String url = db != null ? db : "jdbc:h2:file:" + temp.resolve("bench") + ";AUTO_SERVER=FALSE";
        var bench = new DashboardBench(out);
        try (NasStore store = NasStore.open(url)) {
            bench.fillOnce(store, url, config, trials, epochs);
            try (Dashboard dashboard = Dashboard.start(new StoreDashboard(store.queries()), ExperimentControls.none(),
                    "127.0.0.1", 0, temp.resolve("token"))) {
                bench.measure(dashboard.url(), store, samples, true);
                bench.measure(dashboard.url(), store, samples, false);
            }
        } finally {
            StoreJournal.deleteQuietly(temp);
        }
        return 0;
    }
}
