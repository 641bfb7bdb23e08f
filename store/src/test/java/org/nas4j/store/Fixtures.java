package org.nas4j.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nas4j.core.Architecture;
import org.nas4j.core.Decision;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.StopReason;
import org.nas4j.core.TrialResult;

/** Shared test data: a space of 10^4 architectures, results and curves. */
final class Fixtures {
    static final DecisionSpace SPACE = new DecisionSpace("s", List.of(
            new Decision("a", digits()), new Decision("b", digits()), new Decision("c", digits()), new Decision("d", digits())));

    private Fixtures() {}

    private static List<String> digits() {
        return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    /** The i-th architecture, 0 to 9999; distinct for distinct i. */
    static Architecture arch(int i) {
        return SPACE.architecture(i / 1000 % 10, i / 100 % 10, i / 10 % 10, i % 10);
    }

    static String fileUrl(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
    }

    static EpochMetrics epoch(int epoch, double accuracy) {
        return new EpochMetrics(epoch, 1.0 / epoch, 1.2 / epoch, accuracy, 0.5, 1000);
    }

    static List<EpochMetrics> curve(int epochs, double finalAccuracy) {
        var out = new ArrayList<EpochMetrics>();
        for (int e = 1; e <= epochs; e++) {
            out.add(epoch(e, finalAccuracy * e / epochs));
        }
        return out;
    }

    static TrialResult result(StopReason reason, double reward, long params, long flops, int epochs) {
        return new TrialResult(reason, reward, epochs, epochs, params, flops, 1.5, 0.2, 64, null, curve(epochs, reward));
    }
}
