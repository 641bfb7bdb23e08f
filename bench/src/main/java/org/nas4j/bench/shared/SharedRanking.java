package org.nas4j.bench.shared;

import java.io.PrintWriter;
import java.util.List;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.nas4j.core.Architecture;
import org.nas4j.core.Json;
import org.nas4j.core.TrialResult;
import org.nas4j.evaluator.Experiment;
import org.nas4j.evaluator.train.Trainer;
import org.nas4j.store.SharedRuns;

/**
 * {@code nas bench shared}: trains {@code n} of a shared-weight search's derived candidates (spread evenly over their
 * ranks) from scratch as its stand-alone trials are trained (the training section and the dataset subsets), and prints
 * the Kendall tau between their shared-weight and stand-alone accuracies.
 */
public record SharedRanking(PrintWriter out, int n) {

    /** @param derived the search's derived candidates, best first: at least two */
    public void run(Experiment experiment, List<SharedRuns.Candidate> derived) {
        int count = Math.min(n, derived.size());
        double[] shared = new double[count];
        double[] alone = new double[count];
        out.printf("%5s %8s %12s %10s  %s%n", "rank", "shared", "stand-alone", "seconds", "key");
        for (int i = 0; i < count; i++) {
            SharedRuns.Candidate c = derived.get((int) Math.round(i * (derived.size() - 1.0) / Math.max(1, count - 1)));
            Architecture a = Architecture.fromJson(Json.read(c.architectureJson(), "candidate"), "candidate");
            // no max_minutes: a busy machine changes the seconds, never the accuracy
            TrialResult r = new Trainer(experiment.training().unlimited(), experiment.data(), System::nanoTime)
                    .train(experiment.space().spec(a), experiment.seed(), m -> true);
            shared[i] = c.sharedAccuracy();
            alone[i] = r.bestValidationAccuracy();
            out.printf("%5d %8.4f %12.4f %10.0f  %s%n", c.rank(), shared[i], alone[i], r.trainingSeconds(), c.key());
            out.flush();
        }
        double tau = new KendallsCorrelation().correlation(shared, alone);
        out.printf("Kendall tau between shared-weight and stand-alone accuracy over %d children: %s%n", count,
                Double.isNaN(tau) ? "undefined (one of the two scores is the same for all)" : String.format("%.3f", tau));
    }
}
