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

    /**
     * The default REINFORCE starts as good as random search: its best after 10 evaluations over 60 seeds is at
     * most 2.5 standard errors of the difference below random search's (a statistics check, not a timing).
     */
    @Test
    void theDefaultReinforceIsNoWorseThanRandomOverItsFirstTenEvaluations(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("first10.json");
        int seeds = 60;
        var r = NasCommandTest.nas("benchmark", "--space", SPACE, "--table", TABLE, "--metric", "test_acc_mean",
                "--strategies", "reinforce,random", "--budget", "10", "--seeds", String.valueOf(seeds), "--threads", "2",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        var results = Json.read(Files.readString(out), "first10.json").get("results");
        var reinforce = results.get(0);
        var random = results.get(1);
        double se = Math.sqrt((Math.pow(reinforce.get("std_best").asDouble(), 2) + Math.pow(random.get("std_best").asDouble(), 2)) / seeds);
        double difference = reinforce.get("mean_best").asDouble() - random.get("mean_best").asDouble();
        assertTrue(difference > -2.5 * se, "REINFORCE - random after 10: " + difference + " (standard error " + se + ")");
        assertEquals(seeds, reinforce.get("curves").size());
        assertEquals(10, reinforce.get("curves").get(0).size());
    }

    @Test
    void aSubSpaceFixesAveragesAndExcludesAndTheChartIsDrawn(@TempDir Path dir) throws Exception {
        Path chart = dir.resolve("curves.png");
        var r = NasCommandTest.nas("benchmark", "--space", SPACE, "--table", TABLE, "--metric", "test_acc_mean",
                "--strategies", "random,evolution", "--budget", "10", "--seeds", "2", "--fix", "layer8=id", "--average", "layer7",
                "--exclude", "ir_5x5_t6", "--chart", chart.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("table: 64 architectures (6 decisions)"), r.out());
        assertTrue(r.out().contains("random vs evolution: best@2 "), r.out());
        assertTrue(Files.size(chart) > 1000);
        var unknown = NasCommandTest.nas("benchmark", "--space", SPACE, "--table", TABLE, "--metric", "test_acc_mean",
                "--fix", "layer9=id");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("sub-space: no decision 'layer9'"), unknown.err());
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
