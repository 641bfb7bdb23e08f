package org.nas4j.daemon.search;

import java.util.List;
import java.util.Set;
import org.nas4j.core.TrialResult;
import org.nas4j.core.TrialState;
import org.nas4j.core.config.ConfigNode;

/**
 * What the strategy maximises, from the {@code reward} section: validation accuracy alone, or traded
 * against params or FLOPs MnasNet-style as {@code accuracy * (cost / target) ^ exponent} (a negative
 * exponent such as -0.07 favours cheaper networks), or with a hard limit ({@code max}) above which a
 * trial gets the failure reward. A failed trial gets {@code failure} (default 0), or with
 * {@code failure: exclude} is not told to the strategy at all ({@link #reward} is NaN; an oversized trial
 * then gets 0). Immutable.
 */
public record Objective(double failure, String cost, double target, double exponent, double max) {
    public static Objective from(ConfigNode experiment) {
        var section = experiment.optionalSection("reward");
        if (section.isEmpty()) {
            return new Objective(0, null, 1, 0, Double.POSITIVE_INFINITY);
        }
        ConfigNode r = section.get();
        r.allowOnly(Set.of("failure", "cost", "target", "exponent", "max"));
        String cost = r.has("cost") ? r.getNames("cost", List.of(), Set.of("params", "flops")).get(0) : null;
        if (cost == null && (r.has("target") || r.has("exponent") || r.has("max"))) {
            throw r.error("cost", "is missing: target, exponent and max trade accuracy against a cost: give cost: params or cost: flops");
        }
        boolean exclude = r.json().path("failure").isTextual() && "exclude".equals(r.json().get("failure").asText());
        if (r.json().path("failure").isTextual() && !exclude) {
            throw r.error("failure", "must be a number (the reward of a failed trial) or 'exclude' (not told to the strategy)");
        }
        return new Objective(exclude ? Double.NaN : r.getDouble("failure", 0, -1e12, 1e12), cost, r.getDouble("target", 1, 1e-9, 1e18),
                r.getDouble("exponent", 0, -10, 10), r.getDouble("max", Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY));
    }

    /** The reward of a finished trial; NaN when it is not to be told to the strategy. */
    public double reward(TrialResult r) {
        return reward(r.state() == TrialState.FAILED, r.bestValidationAccuracy(), r.params(), r.flops());
    }

    public double reward(boolean failed, double accuracy, long params, long flops) {
        if (failed || Double.isNaN(accuracy)) {
            return failure;
        }
        if (cost == null) {
            return accuracy;
        }
        double c = "params".equals(cost) ? params : flops;
        return c > max ? (Double.isNaN(failure) ? 0 : failure) : accuracy * Math.pow(c / target, exponent);
    }
}
