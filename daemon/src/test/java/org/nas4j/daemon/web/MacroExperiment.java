package org.nas4j.daemon.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Experiment files for tabular searches of NAS-Bench-Macro (CIFAR-10), as a user writes them. */
final class MacroExperiment {
    static final Path BENCH = Path.of("..", "benchmarks", "nas-bench-macro").toAbsolutePath().normalize();

    private MacroExperiment() {}

    /** Writes {@code name.yaml} into {@code dir}: REINFORCE, {@code trials} trials, each looked up after {@code delayMs}. */
    static Path write(Path dir, String name, int trials, long delayMs) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), """
                name: %s
                seed: 11
                benchmark:
                  space: %s
                  table: %s
                  metric: test_acc_mean
                  evaluation_delay_ms: %d
                strategy: {name: reinforce, hidden: 16}
                budget: {trials: %d}
                """.formatted(name, BENCH.resolve("space.json"), BENCH.resolve("cifar10.csv"), delayMs, trials));
    }
}
