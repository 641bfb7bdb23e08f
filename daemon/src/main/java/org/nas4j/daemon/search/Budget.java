package org.nas4j.daemon.search;

import java.util.Set;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.shared.SharedSettings;

/**
 * When a search stops, whichever comes first: {@code trials} unique evaluations, {@code seconds} of
 * wall time (over all runs of the experiment), or a reward of at least {@code target}. A shared-weight search
 * has no budget section: its trials are its {@code top_k} derived candidates.
 */
public record Budget(int trials, double seconds, double target) {
    public static Budget from(ConfigNode experiment) {
        var shared = experiment.has("space") ? SharedSettings.from(experiment) : java.util.Optional.<SharedSettings>empty();
        if (shared.isPresent()) {
            if (experiment.has("budget")) {
                throw experiment.error("budget", "is set but evaluation is shared, whose size is its 'shared' section "
                        + "(epochs, top_k): remove the budget section");
            }
            return new Budget(shared.get().topK(), Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        var section = experiment.optionalSection("budget");
        if (section.isEmpty()) {
            return new Budget(20, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        ConfigNode b = section.get();
        b.allowOnly(Set.of("trials", "minutes", "hours", "target_accuracy"));
        double seconds = b.has("hours") ? b.getDouble("hours", 0, 1e-4, 1e6) * 3600
                : b.getDouble("minutes", Double.POSITIVE_INFINITY, 1e-3, 1e8) * 60;
        return new Budget(b.getInt("trials", 20, 1, 10_000_000), seconds,
                b.getDouble("target_accuracy", Double.POSITIVE_INFINITY, -1e12, 1e12));
    }
}
