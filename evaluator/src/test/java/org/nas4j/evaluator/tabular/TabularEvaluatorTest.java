package org.nas4j.evaluator.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.EpochListener;
import org.nas4j.core.StopReason;
import org.nas4j.core.Trial;
import org.nas4j.core.UserError;

class TabularEvaluatorTest {
    static final Path DIR = Path.of("..", "benchmarks", "nas-bench-macro");
    static final DecisionSpace SPACE = DecisionSpace.load(DIR.resolve("space.json"));

    @Test
    void looksUpTheNasBenchMacroTable() {
        var table = TabularBenchmark.load(SPACE, DIR.resolve("cifar10.csv"));
        assertEquals(6561, table.size());
        assertEquals(93.1267, Arrays.stream(table.column(table.metric("test_acc_mean"))).max().orElseThrow(), 1e-9);
        var evaluator = new TabularEvaluator(table, "test_acc_mean");
        var result = evaluator.evaluate(new Trial(1, SPACE.architecture(0, 0, 0, 0, 0, 0, 0, 2), 0), EpochListener.CONTINUE);
        assertEquals(StopReason.MAX_EPOCHS, result.stopReason());
        assertEquals(65.86, result.bestValidationAccuracy(), 1e-9);
        assertEquals(1219370, result.params());
        assertEquals(20910592, result.flops());
    }

    @Test
    void badTablesAndMetricsAreNamed(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "layer1,layer2,layer3,layer4,layer5,layer6,layer7,acc\n");
        assertTrue(message(csv).startsWith("table " + csv + " has no column for decision 'layer8'"), message(csv));
        Files.writeString(csv, "layer1,layer2,layer3,layer4,layer5,layer6,layer7,layer8,acc\nid,id,id,id,id,id,id,conv9,1\n");
        assertEquals("table " + csv + " line 2: 'conv9' is not a choice of decision 'layer8'; allowed: [id, ir_3x3_t3, ir_5x5_t6]", message(csv));
        Files.writeString(csv, "layer1,layer2,layer3,layer4,layer5,layer6,layer7,layer8,acc\nid,id,id,id,id,id,id,id,1\n");
        var table = TabularBenchmark.load(SPACE, csv);
        assertEquals("the table has no metric 'top1'; its metrics are [acc]",
                assertThrows(UserError.class, () -> new TabularEvaluator(table, "top1")).getMessage());
        var missing = new Trial(1, SPACE.architecture(1, 0, 0, 0, 0, 0, 0, 0), 0);
        assertTrue(assertThrows(UserError.class, () -> new TabularEvaluator(table, "acc").evaluate(missing, EpochListener.CONTINUE))
                .getMessage().contains("is not in the table"));
    }

    private static String message(Path csv) {
        return assertThrows(UserError.class, () -> TabularBenchmark.load(SPACE, csv)).getMessage();
    }
}
