package org.nas4j.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.Architecture;
import org.nas4j.core.Json;
import org.nas4j.space.CnnSearchSpace;

public class NasCommandTest {
    static final String EXAMPLE = Path.of("..", "examples", "fashion-mnist-evolution.yaml").toString();

    public record Result(int code, String out, String err) {}

    public static Result nas(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Nas.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void describePrintsDecisionsChoicesAndTheSizeOfTheSpace() {
        Result r = nas("space", "describe", "--config", EXAMPLE);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("23 decisions:"), r.out());
        assertTrue(r.out().contains("layer6.skip.layer4"), r.out());
        assertTrue(r.out().contains("size of the space: 522454597632 architectures"), r.out());
    }

    @Test
    void sampleJsonLinesCarryKeyDecisionsParamsFlopsAndReadBackAsArchitectures() {
        Result r = nas("space", "sample", "--config", EXAMPLE, "--n", "4", "--seed", "3", "--json");
        assertEquals(0, r.code(), r.err());
        var lines = r.out().strip().lines().toList();
        assertEquals(4, lines.size());
        CnnSearchSpace space = CnnSearchSpace.load(Path.of(EXAMPLE));
        for (String line : lines) {
            var node = Json.read(line, "line");
            Architecture a = space.decisions().validate(Architecture.fromJson(node, "line"));
            assertEquals(node.get("key").asText(), a.key());
            assertTrue(node.get("params").asLong() > 0 && node.get("flops").asLong() > 0, line);
        }
        assertEquals(r.out(), nas("space", "sample", "--config", EXAMPLE, "--n", "4", "--seed", "3", "--json").out(),
                "same seed, same sample");
    }

    @Test
    void sampleTextShowsAPerLayerTable() {
        Result r = nas("space", "sample", "--config", EXAMPLE, "--n", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("layer      op"), r.out());
        assertTrue(r.out().contains("head       gap+dense_softmax"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("total")), r.out());
    }

    @Test
    void badInputExitsNonZeroWithOneLineAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(Path.of(EXAMPLE)).replace("- conv_5x5", "- conv_7x7"));
        Result r = nas("space", "sample", "--config", bad.toString());
        assertEquals(2, r.code());
        assertEquals("nas: " + bad + ": space.ops has unknown name 'conv_7x7'; allowed: [avg_pool_3x3, conv_1x1, "
                + "conv_3x3, conv_5x5, dil_conv_3x3_d2, dil_conv_3x3_d3, inception, max_pool_3x3, residual, sep_conv_3x3, "
                + "sep_conv_5x5]", r.err().strip());
        assertEquals("", r.out());

        Result missing = nas("space", "describe", "--config", dir.resolve("none.yaml").toString());
        assertEquals(2, missing.code());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertFalse(missing.err().contains("\tat "), missing.err());
    }

    @Test
    void verboseAddsTheStackTrace(@TempDir Path dir) {
        Result r = nas("--verbose", "space", "describe", "--config", dir.resolve("none.yaml").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\tat org.nas4j."), r.err());
    }

    @Test
    void unknownOptionsAndSubcommandsAreUsageErrors() {
        Result r = nas("space", "sample", "--config", EXAMPLE, "--bogus");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option: '--bogus'"), r.err());
        assertEquals(2, nas("nonsense").code());
    }
}
