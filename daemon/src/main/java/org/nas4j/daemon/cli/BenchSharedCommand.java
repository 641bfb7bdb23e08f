package org.nas4j.daemon.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.nas4j.core.Architecture;
import org.nas4j.core.Json;
import org.nas4j.core.TrialResult;
import org.nas4j.core.UserError;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.Experiment;
import org.nas4j.evaluator.train.Trainer;
import org.nas4j.store.NasStore;
import org.nas4j.store.SharedRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nas bench shared}: how well a shared-weight search's scores rank children. Trains {@code --n} of its derived
 * candidates (spread evenly over their ranks) from scratch as its stand-alone trials are trained (the training section
 * and the dataset subsets), and prints the Kendall tau between their shared-weight and stand-alone accuracies.
 */
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
            int count = Math.min(n, derived.size());
            double[] shared = new double[count];
            double[] alone = new double[count];
            out.printf("%5s %8s %12s %10s  %s%n", "rank", "shared", "stand-alone", "seconds", "key");
            for (int i = 0; i < count; i++) {
                SharedRuns.Candidate c = derived.get((int) Math.round(i * (derived.size() - 1.0) / Math.max(1, count - 1)));
                Architecture a = Architecture.fromJson(Json.read(c.architectureJson(), "candidate"), "candidate");
                // no max_minutes: a busy machine changes the seconds, never the accuracy
                TrialResult r = new Trainer(exp.training().unlimited(), exp.data(), System::nanoTime)
                        .train(exp.space().spec(a), exp.seed(), m -> true);
                shared[i] = c.sharedAccuracy();
                alone[i] = r.bestValidationAccuracy();
                out.printf("%5d %8.4f %12.4f %10.0f  %s%n", c.rank(), shared[i], alone[i], r.trainingSeconds(), c.key());
                out.flush();
            }
            double tau = new KendallsCorrelation().correlation(shared, alone);
            out.printf("Kendall tau between shared-weight and stand-alone accuracy over %d children: %s%n", count,
                    Double.isNaN(tau) ? "undefined (one of the two scores is the same for all)" : String.format("%.3f", tau));
            return 0;
        }
    }
}
