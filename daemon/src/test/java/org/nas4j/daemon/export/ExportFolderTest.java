package org.nas4j.daemon.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.Architecture;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Json;
import org.nas4j.core.Provenance;
import org.nas4j.core.UserError;
import org.nas4j.evaluator.train.TrainingConfig;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.dl4j.Dl4jCompiler;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ExportFolderTest {
    static CnnSearchSpace space;
    static Architecture architecture;

    @BeforeAll
    static void setUp() {
        Dl4jRuntime.configure();
        space = CnnSearchSpace.load(Path.of("..", "examples", "fashion-mnist-evolution.yaml"));
        architecture = space.decisions().sample(new SplittableRandom(5));
    }

    @Test
    void theDl4jConfigLoadsInPlainDl4jAndGivesTheSameOutputsAsTheEvaluatorsNetwork(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("top1");
        var origin = new ExportFolder.Origin("fashion-mnist", "random", 7L, "2026-11-24T05:00:00Z", 0.91,
                List.of(new EpochMetrics(1, 0.6, 0.5, 0.91, 3, 1000)),
                new Provenance("worker process 4242", "node-7", "cpu", 1, "0.1.0-SNAPSHOT", "1.0.0-M2.1"), "0123456789abcdef");
        ExportFolder.write(out, space, architecture, TrainingConfig.defaults(), 42, origin, false);

        var plain = new ComputationGraph(ComputationGraphConfiguration.fromJson(Files.readString(out.resolve("dl4j-config.json"))));
        plain.init();
        var evaluators = new ComputationGraph(Dl4jCompiler.compile(space.spec(architecture),
                b -> TrainingConfig.defaults().apply(b, 42)).configuration());
        evaluators.init();
        var x = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28);
        assertEquals(evaluators.outputSingle(x), plain.outputSingle(x));

        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("trial 7") && summary.contains("validation accuracy 0.9100") && summary.contains("| head |"), summary);
        assertTrue(summary.contains("by worker process 4242 on node-7 (cpu, 1 threads), nas4j 0.1.0-SNAPSHOT, DL4J 1.0.0-M2.1; "
                + "experiment config 0123456789abcdef."), summary);
        var json = Json.read(Files.readString(out.resolve("architecture.json")), "export");
        assertEquals("node-7", json.at("/origin/ranOn/host").asText());
        assertEquals("0123456789abcdef", json.at("/origin/configHash").asText());
        assertEquals(7, json.at("/origin/trial").asInt());
    }

    @Test
    void architectureJsonIsSelfContainedAndReimportsWithTheSameKey(@TempDir Path dir) {
        ExportFolder.write(dir.resolve("a"), space, architecture, TrainingConfig.defaults(), 1, null, false);
        Path file = dir.resolve("a").resolve("architecture.json");
        CnnSearchSpace reimported = CnnSearchSpace.forArchitecture(Architecture.readJson(file), file.toString(), null);
        assertEquals(architecture.key(), reimported.decisions().validate(Architecture.load(file)).key());
        assertEquals(space.config(), reimported.config());
    }

    @Test
    void anExistingFolderIsNotOverwrittenWithoutForce(@TempDir Path dir) {
        var e = assertThrows(UserError.class, () -> ExportFolder.write(dir, space, architecture, TrainingConfig.defaults(), 1, null, false));
        assertEquals("output folder " + dir + " exists: choose another --out, or add --force to overwrite it", e.getMessage());
        ExportFolder.write(dir, space, architecture, TrainingConfig.defaults(), 1, null, true);
        assertTrue(Files.exists(dir.resolve("dl4j-config.json")));
    }
}
