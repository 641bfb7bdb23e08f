package org.nas4j.daemon.search;

import java.util.Set;
import org.nas4j.core.config.ConfigNode;

/**
 * When a search stops, whichever comes first: {@code trials} unique evaluations, {@code seconds} of
 * wall time (over all runs of the experiment), or a reward of at least {@code target}.
 */
public record Budget(int trials, double seconds, double target) {
    public static Budget from(ConfigNode experiment) {
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
