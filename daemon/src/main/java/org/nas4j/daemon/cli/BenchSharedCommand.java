package org.nas4j.daemon.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nas4j.bench.shared.SharedRanking;
import org.nas4j.core.Json;
import org.nas4j.core.UserError;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.Experiment;
import org.nas4j.store.NasStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nas bench shared}: reads the experiment and its derived candidates, then runs {@link SharedRanking}. */
@Command(name = "shared", description = "Kendall tau between a shared-weight search's scores and stand-alone training.")
final class BenchSharedCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DbOption db;
    @Parameters(paramLabel = "EXPERIMENT") String experiment;
    @Option(names = "--n", defaultValue = "20", description = "Children to train stand-alone (default ${DEFAULT-VALUE}).") int n;

    @Override
    public Integer call() {
        OptionRange.check("--n", n, 2, 1000);
        var out = spec.commandLine().getOut();
        try (NasStore store = db.open()) {
            var e = store.require(experiment);
            var derived = store.shared().derived(e.id());
            if (derived.size() < 2) {
                throw new UserError("experiment " + experiment + " has " + derived.size() + " derived candidates: run its shared-weight "
                        + "search to its derive step first (nas resume " + experiment + ")");
            }
            ConfigNode config = ConfigNode.of(Json.read(e.configJson(), "stored config"), e.source());
            Experiment exp = Experiment.of(Path.of(e.source()), config).requireData();
            new SharedRanking(out, n).run(exp, derived);
            return 0;
        }
    }
}
