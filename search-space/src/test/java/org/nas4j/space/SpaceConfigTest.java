package org.nas4j.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.Architecture;
import org.nas4j.core.UserError;

class SpaceConfigTest {
    static final String VALID = """
            name: t
            space:
              input: {height: 28, width: 28, channels: 1}
              classes: 10
              layers: 4
              widths: 8
              reductions: [1, 3]
              ops: [conv_3x3, residual]
            """;

    @Test
    void theDefaultExampleDescribesTheWholeCatalogue() {
        CnnSearchSpace space = CnnSearchSpace.load(Path.of("..", "examples", "fashion-mnist-evolution.yaml"));
        assertEquals(List.of(Op.values()), space.config().ops());
        assertEquals(List.of(ReductionOp.values()), space.config().reductionOps());
        assertEquals(new Shape(28, 28, 1), space.config().input());
    }

    @Test
    void oneWidthDoublesAtEveryReductionAndSkipsComeFromAllButThePredecessor() {
        CnnSearchSpace space = Spaces.fromYaml(VALID);
        assertEquals(List.of(8, 16, 32), space.config().widths());
        // layer ops (4) + skips (0 + 1 + 2 + 3) + reduction ops (2)
        assertEquals(4 + 6 + 2, space.decisions().decisions().size());
        assertEquals(List.of("layer1.op", "reduction1.op", "layer2.op", "layer2.skip.stem"),
                space.decisions().decisions().subList(0, 4).stream().map(d -> d.name()).toList());
    }

    @Test
    void theJsonFormReadsBackAsTheSameConfig() {
        SpaceConfig c = CnnSearchSpace.load(Path.of("..", "examples", "fashion-mnist-evolution.yaml")).config();
        var experiment = org.nas4j.core.Json.MAPPER.createObjectNode().put("name", c.name());
        experiment.set("space", c.toJson());
        assertEquals(c, SpaceConfig.from(org.nas4j.core.config.ConfigNode.of(experiment, "round trip")));
    }

    @Test
    void jsonExperimentFilesWorkLikeYaml(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("e.json");
        Files.writeString(file, """
                {"name": "j", "space": {"input": {"height": 32, "width": 32, "channels": 3}, "classes": 100,
                 "layers": 2, "ops": ["conv_1x1", "inception"], "skip_connections": false}}""");
        CnnSearchSpace space = CnnSearchSpace.load(file);
        assertEquals(2, space.decisions().decisions().size());
        NetworkSpec spec = space.spec(space.decisions().architecture(1, 0));
        assertEquals(Op.INCEPTION, ((NetworkSpec.Layer) spec.blocks().get(0)).op());
    }

    @Test
    void anArchitectureFromAnotherSpaceIsRejectedWithTheReason() {
        CnnSearchSpace space = Spaces.fromYaml(VALID);
        var e = assertThrows(UserError.class, () -> space.spec(new Architecture("t", java.util.Map.of("layer1.op", "conv_3x3"))));
        assertTrue(e.getMessage().startsWith("architecture is missing decision 'reduction1.op'"), e.getMessage());
    }

    @Test
    void anUnknownOpIsNamedWithTheCatalogue() {
        assertEquals("test.yaml: space.ops has unknown name 'conv_7x7'; allowed: [avg_pool_3x3, conv_1x1, conv_3x3, "
                + "conv_5x5, dil_conv_3x3_d2, dil_conv_3x3_d3, inception, max_pool_3x3, residual, sep_conv_3x3, sep_conv_5x5]",
                error(VALID.replace("[conv_3x3, residual]", "[conv_3x3, conv_7x7]")));
    }

    @Test
    void aMissingFieldIsNamed() {
        assertEquals("test.yaml: space.classes is missing: give an integer from 2 to 100000",
                error(VALID.replace("  classes: 10\n", "")));
        assertEquals("test.yaml: space is missing: add a 'space:' section", error("name: t\n"));
    }

    @Test
    void moreReductionsThanTheInputAllowsAreRefused() {
        String tiny = VALID.replace("height: 28, width: 28", "height: 6, width: 6");
        assertEquals("test.yaml: space.reductions has 3 reductions, but a 6x6 input allows at most 2 (each halves the size): remove some",
                error(tiny.replace("[1, 3]", "[1, 2, 3]")));
        assertEquals(List.of(8, 16, 32), Spaces.fromYaml(tiny).config().widths());
    }

    @Test
    void typosWrongTypesAndMismatchedWidthsAreNamed() {
        assertTrue(error(VALID.replace("layers: 4", "layer: 4")).startsWith("test.yaml: space.layer is not a known field; allowed here: ["));
        assertEquals("test.yaml: space.layers must be an integer from 1 to 64, not \"four\"", error(VALID.replace("layers: 4", "layers: four")));
        assertEquals("test.yaml: space.reductions must be an integer from 0 to 4, not 5", error(VALID.replace("[1, 3]", "[1, 5]")));
        assertEquals("test.yaml: space.widths has 2 entries but there are 3 stages (reductions + 1): give one width per stage, "
                + "or one width to double at each reduction", error(VALID.replace("widths: 8", "widths: [8, 16]")));
    }

    @Test
    void malformedYamlIsReportedWithItsLine() {
        String m = error("name: t\nspace: [unclosed\n");
        assertTrue(m.startsWith("test.yaml is not valid YAML: ") && m.contains("(line "), m);
    }

    private static String error(String yaml) {
        String m = assertThrows(UserError.class, () -> Spaces.fromYaml(yaml)).getMessage();
        assertEquals(1, m.lines().count(), "one line: " + m);
        return m;
    }
}
