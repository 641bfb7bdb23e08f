package org.nas4j.controller;

import java.util.List;
import java.util.Set;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.SearchStrategy;
import org.nas4j.core.config.ConfigNode;

/**
 * The {@code strategy} section of an experiment file, parsed where the strategies live (as the space and the
 * evaluator parse theirs): the strategy it names ({@code random}, {@code evolution} or {@code reinforce}),
 * {@code strategy: random}, or a section {@code strategy: {name: evolution, population: 20, sample: 5}}.
 */
public final class Strategies {
    static final List<String> NAMES = List.of("random", "evolution", "reinforce");

    private Strategies() {}

    /** The strategy's name in {@code experiment} (default random). */
    public static String name(ConfigNode experiment) {
        if (!experiment.has("strategy")) {
            return "random";
        }
        if (experiment.json().get("strategy").isTextual()) {
            return experiment.getNames("strategy", List.of("random"), Set.copyOf(NAMES)).get(0);
        }
        return experiment.section("strategy").getNames("name", List.of("random"), Set.copyOf(NAMES)).get(0);
    }

    /** Builds a strategy over a space from a seed; made by {@link #factory} once its settings are valid. */
    @FunctionalInterface
    public interface Factory {
        SearchStrategy create(DecisionSpace space, long seed);
    }

    public static SearchStrategy create(ConfigNode experiment, DecisionSpace space, long seed) {
        return factory(experiment).create(space, seed);
    }

    /** Reads and validates every setting of the {@code strategy} section, without building anything. */
    public static Factory factory(ConfigNode experiment) {
        String name = name(experiment);
        ConfigNode s = experiment.json().path("strategy").isObject() ? experiment.section("strategy")
                : ConfigNode.parse("{}", experiment.source(), false);
        return switch (name) {
            case "reinforce" -> {
                s.allowOnly(Set.of("name", "hidden", "learning_rate", "tanh_constant", "temperature", "entropy_weight",
                        "baseline_decay", "batch", "rewards", "clip", "elite", "elite_weight", "warmup", "unique",
                        "epochs", "ratio_clip"));
                var d = ReinforceSettings.defaults();
                var settings = new ReinforceSettings(s.getInt("hidden", d.hidden(), 4, 4096),
                        s.getDouble("learning_rate", d.learningRate(), 1e-7, 10), s.getDouble("tanh_constant", d.tanhConstant(), 0, 100),
                        s.getDouble("temperature", d.temperature(), 1e-3, 1e3), s.getDouble("entropy_weight", d.entropyWeight(), 0, 10),
                        s.getDouble("baseline_decay", d.baselineDecay(), 0, 0.99999), s.getInt("batch", d.batch(), 1, 10_000),
                        RewardTransform.of(s.getNames("rewards", List.of(d.rewards().id()), Set.copyOf(RewardTransform.NAMES)).get(0)), s.getDouble("clip", d.clip(), 1e-6, 1e6),
                        s.getInt("elite", d.elite(), 0, 10_000), s.getDouble("elite_weight", d.eliteWeight(), 0, 100),
                        s.getInt("warmup", d.warmup(), 0, 100_000),
                        // repeats are what a shared-weight search learns from: no unique proposals by default there
                        s.getBoolean("unique", d.unique() && !"shared".equals(experiment.getString("evaluation", "standalone"))),
                        s.getInt("epochs", d.epochs(), 1, 100), s.getDouble("ratio_clip", d.ratioClip(), 1e-3, 10));
                yield (space, seed) -> new ReinforceController(space, seed, settings);
            }
            case "evolution" -> {
                s.allowOnly(Set.of("name", "population", "sample"));
                int population = s.getInt("population", 20, 2, 100_000);
                int sample = s.getInt("sample", 5, 1, 100_000);
                yield (space, seed) -> new RegularizedEvolution(space, seed, population, sample);
            }
            default -> {
                s.allowOnly(Set.of("name"));
                yield RandomSearch::new;
            }
        };
    }
}
