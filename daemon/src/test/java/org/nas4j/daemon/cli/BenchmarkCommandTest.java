package org.nas4j.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.Json;

class BenchmarkCommandTest {
    static final String SPACE = Path.of("..", "benchmarks", "nas-bench-macro", "space.json").toString();
    static final String TABLE = Path.of("..", "benchmarks", "nas-bench-macro", "cifar10.csv").toString();

    @Test
    void printsARowPerStrategyAndWritesTheJsonShape(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench.json");
        var r = NasCommandTest.nas("benchmark", "--space", SPACE, "--table", TABLE, "--metric", "test_acc_mean",
                "--strategies", "random,evolution,reinforce", "--budget", "20", "--seeds", "3", "--threads", "2",
                "--set", "evolution.population=8", "--set", "reinforce.hidden=16", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("optimum 93.1267"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("evolution ")), r.out());
        var json = Json.read(Files.readString(out), "bench.json");
        assertEquals(20, json.get("budget").asInt());
        assertEquals(3, json.get("results").size());
        var evolution = json.get("results").get(1);
        assertEquals("evolution", evolution.get("strategy").asText());
        assertTrue(evolution.get("mean_best").asDouble() <= 93.1267 && evolution.get("mean_best").asDouble() > 85);
        assertTrue(evolution.get("mean_best_at").has("5") && evolution.get("mean_best_at").has("10"));
        assertTrue(evolution.has("mean_evals_to_top1pct") && evolution.has("mann_whitney_p_vs_random"));
        assertEquals(evolution.get("mann_whitney_p_vs_random").asDouble(), evolution.get("mann_whitney_p").get("random").asDouble());
        assertTrue(r.out().contains("evolution vs reinforce: "), r.out());
    }

    @Test
    void badInputIsNamed() {
        var unknownMetric = NasCommandTest.nas("benchmark", "--space", SPACE, "--table", TABLE, "--metric", "top1");
        assertEquals(2, unknownMetric.code());
        assertTrue(unknownMetric.err().contains("the table has no metric 'top1'; its metrics are [test_acc_mean, test_acc_std, params, flops]"),
                unknownMetric.err());
        var unknownStrategy = NasCommandTest.nas("benchmark", "--space", SPACE, "--table", TABLE, "--metric", "test_acc_mean",
                "--strategies", "annealing", "--budget", "5", "--seeds", "1");
        assertEquals(2, unknownStrategy.code());
        assertTrue(unknownStrategy.err().contains("unknown name 'annealing'"), unknownStrategy.err());
    }
}
