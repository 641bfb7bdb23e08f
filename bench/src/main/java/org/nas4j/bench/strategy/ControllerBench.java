package org.nas4j.bench.strategy;

import java.io.PrintWriter;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.nas4j.controller.Strategies;
import org.nas4j.core.Architecture;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.SearchStrategy;
import org.nas4j.core.config.ConfigNode;

/**
 * {@code nas bench controller}: what a strategy costs the daemon per trial on a decision space: milliseconds to propose
 * one architecture ({@code ask}) and to learn from one result ({@code tell}, which for REINFORCE with batch 1 is one
 * policy update), with random rewards, after {@value #WARMUP} warm-up pairs.
 */
public record ControllerBench(PrintWriter out, int iterations) {
    static final int WARMUP = 20;

    /** Times each of {@code strategies} (by name, default settings) on {@code space} and prints p50 and p95. */
    public void run(DecisionSpace space, List<String> strategies) {
        long skips = space.decisions().stream().filter(d -> d.skip() != null).count();
        out.printf("space %s: %d decisions (%d skip connections), %d timed ask/tell pairs per strategy%n",
                space.name(), space.decisions().size(), skips, iterations);
        out.printf("%-10s %10s %10s %10s %10s%n", "strategy", "ask p50", "ask p95", "tell p50", "tell p95");
        for (String name : strategies) {
            ConfigNode node = ConfigNode.parse("strategy: {name: " + name + "}", "--strategies", true);
            SearchStrategy strategy = Strategies.create(node, space, 1);
            var ask = new DescriptiveStatistics();
            var tell = new DescriptiveStatistics();
            var random = new SplittableRandom(1);
            for (int i = 0; i < iterations + WARMUP; i++) {
                long t0 = System.nanoTime();
                Architecture a = strategy.ask();
                long t1 = System.nanoTime();
                strategy.tell(a, random.nextDouble());
                long t2 = System.nanoTime();
                if (i >= WARMUP) {
                    ask.addValue((t1 - t0) / 1e6);
                    tell.addValue((t2 - t1) / 1e6);
                }
            }
            out.printf("%-10s %10.2f %10.2f %10.2f %10.2f  ms%n", name, ask.getPercentile(50), ask.getPercentile(95),
                    tell.getPercentile(50), tell.getPercentile(95));
        }
    }
}
