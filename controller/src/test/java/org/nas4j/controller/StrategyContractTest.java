package org.nas4j.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nas4j.core.Architecture;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.SearchStrategy;

/** The contract every strategy keeps: valid proposals, determinism per seed, exact save and restore. */
class StrategyContractTest {
    static final DecisionSpace SPACE = DecisionSpace.load(Path.of("..", "benchmarks", "nas-bench-macro", "space.json"));

    static Stream<Arguments> strategies() {
        return Stream.of(
                Arguments.of("random", (Supplier<SearchStrategy>) () -> new RandomSearch(SPACE, 11)),
                Arguments.of("evolution", (Supplier<SearchStrategy>) () -> new RegularizedEvolution(SPACE, 11, 10, 3)),
                Arguments.of("reinforce", (Supplier<SearchStrategy>) () -> new ReinforceController(SPACE, 11, ReinforceSettings.defaults())),
                Arguments.of("reinforce, batch 4", (Supplier<SearchStrategy>) () -> new ReinforceController(SPACE, 11,
                        new ReinforceSettings(32, 1e-2, 1.5, 1.0, 1e-4, 0.9, 4, RewardTransform.ZSCORE, 5.0, 0, 0, 0, false))),
                Arguments.of("reinforce, PPO epochs", (Supplier<SearchStrategy>) () -> new ReinforceController(SPACE, 11,
                        new ReinforceSettings(16, 1e-2, 1.5, 1.0, 1e-4, 0.95, 2, RewardTransform.RANK, 5.0, 5, 0.5, 10, true, 3, 0.2))));
    }

    /** A deterministic toy reward: the share of decisions set to their last choice. */
    static double reward(Architecture a) {
        int[] idx = SPACE.indices(a);
        return java.util.Arrays.stream(idx).filter(i -> i == 2).count() / (double) idx.length;
    }

    static List<String> run(SearchStrategy s, int steps) {
        var keys = new ArrayList<String>();
        for (int i = 0; i < steps; i++) {
            Architecture a = s.ask();
            SPACE.validate(a);
            keys.add(a.key());
            s.tell(a, reward(a));
        }
        return keys;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void sameSeedSameProposals(String name, Supplier<SearchStrategy> make) {
        assertEquals(run(make.get(), 40), run(make.get(), 40));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void saveRestoreAndContinueGivesTheSameProposalsAsAnUninterruptedRun(String name, Supplier<SearchStrategy> make) {
        List<String> uninterrupted = run(make.get(), 40);
        SearchStrategy first = make.get();
        List<String> resumed = new ArrayList<>(run(first, 25));
        SearchStrategy second = make.get();
        second.restore(first.snapshot());
        resumed.addAll(run(second, 15));
        assertEquals(uninterrupted, resumed);
    }
}
