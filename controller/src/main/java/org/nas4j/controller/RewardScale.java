package org.nas4j.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import org.nas4j.core.Json;

/**
 * The running statistics behind a {@link RewardTransform}: every reward told so far, repeats included.
 * Mutable; owned by one controller.
 */
final class RewardScale {
    private final RewardTransform kind;
    private long count;
    private double mean;
    private double m2;
    /** The rewards told so far, sorted; only for {@code rank}. */
    private double[] sorted = new double[16];

    RewardScale(RewardTransform kind) {
        this.kind = kind;
    }

    /** The rewards told so far. */
    long count() {
        return count;
    }

    /** Records {@code reward} and returns it on the controller's scale. */
    double add(double reward) {
        count++;
        double delta = reward - mean;
        mean += delta / count;
        m2 += delta * (reward - mean);
        return switch (kind) {
            case RAW -> reward;
            case ZSCORE -> std() > 1e-12 ? (reward - mean) / std() : 0;
            case RANK -> rank(reward);
        };
    }

    /** The reward that {@code scaled} stands for: the inverse of {@link #add} against the rewards so far. */
    double reward(double scaled) {
        return switch (kind) {
            case RAW -> scaled;
            case ZSCORE -> mean + scaled * std();
            case RANK -> {
                if (count == 0) {
                    yield Double.NaN;
                }
                double position = (scaled + 1) / 2 * (count - 1); // linear between the sorted rewards
                int below = (int) Math.max(0, Math.min(count - 1, Math.floor(position)));
                int above = (int) Math.min(count - 1, below + 1);
                yield sorted[below] + (position - below) * (sorted[above] - sorted[below]);
            }
        };
    }

    /** The sample standard deviation of the rewards so far (0 before two). */
    private double std() {
        return count > 1 ? Math.sqrt(m2 / (count - 1)) : 0;
    }

    private double rank(double reward) {
        int n = (int) count - 1; // rewards before this one
        if (n == sorted.length) {
            sorted = Arrays.copyOf(sorted, 2 * n);
        }
        int below = lowerBound(reward, n);
        int notAbove = below;
        while (notAbove < n && sorted[notAbove] == reward) {
            notAbove++;
        }
        System.arraycopy(sorted, below, sorted, below + 1, n - below);
        sorted[below] = reward;
        return n == 0 ? 0 : 2 * (below + 0.5 * (notAbove - below)) / n - 1;
    }

    private int lowerBound(double value, int n) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    void save(ObjectNode node) {
        node.put("count", count).put("mean", mean).put("m2", m2);
        node.set("sorted", Json.MAPPER.valueToTree(kind == RewardTransform.RANK ? Arrays.copyOf(sorted, (int) count) : new double[0]));
    }

    void restore(JsonNode node) {
        count = node.get("count").asLong();
        mean = node.get("mean").asDouble();
        m2 = node.get("m2").asDouble();
        JsonNode s = node.path("sorted");
        sorted = new double[Math.max(16, 2 * s.size())];
        for (int i = 0; i < s.size(); i++) {
            sorted[i] = s.get(i).asDouble();
        }
    }
}
