package org.nas4j.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.bench.train.BenchPeer;
import org.nas4j.core.Architecture;
import org.nas4j.core.Json;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.NetworkSpec;
import org.nas4j.space.Op;
import org.nas4j.space.Shape;
import org.nas4j.space.dl4j.Dl4jCompiler;

/** The PyTorch peer builds nas4j's networks: same parameter counts for every op, skip and reduction. */
class BenchPeerTest {
    private static final String PYTHON = "/usr/bin/python3";

    static boolean torchInstalled() throws Exception {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        return new ProcessBuilder(PYTHON, "-c", "import torch").start().waitFor() == 0;
    }

    @Test
    void theScriptIsFoundFromTheRepository() {
        assertTrue(BenchPeer.script().endsWith(Path.of("benchmarks", "peer", "peer_train.py")), BenchPeer.script().toString());
    }

    @Test
    void pytorchNetworksHaveNas4jsParameterCounts(@TempDir Path dir) throws Exception {
        assumeTrue(torchInstalled(), "python3-torch is not installed");
        CnnSearchSpace space = CnnSearchSpace.load(Path.of(NasCommandTest.EXAMPLE));
        var args = new ArrayList<>(List.of(PYTHON, BenchPeer.script().toString(), "--params-only"));
        var expected = new ArrayList<Long>();
        var random = new SplittableRandom(7);
        for (int i = 0; i < 24; i++) {
            Architecture a = space.decisions().sample(random);
            var file = a.toJson();
            file.set("spaceConfig", space.config().toJson());
            Path f = dir.resolve("arch" + i + ".json");
            Files.writeString(f, Json.write(file));
            args.addAll(List.of("--arch", f.toString()));
            expected.add(Dl4jCompiler.compile(space.spec(a)).params());
        }
        Shape in = new Shape(9, 9, 3);
        for (Op op : Op.values()) {
            for (int width : new int[] {3, 8}) {
                var spec = new NetworkSpec(in, 4, 3, 1, List.of(new NetworkSpec.Layer(1, op, width, List.of())));
                args.addAll(List.of("--spec", BenchPeer.tempJson(BenchPeer.specJson(spec)).toString()));
                expected.add(Dl4jCompiler.compile(spec).params());
            }
        }
        args.addAll(List.of("--arch", Path.of("..", "examples", "reference-cnn.json").toString()));
        expected.add(29_098L);
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<Long> got = out.lines().map(l -> Long.parseLong(l.replaceAll(".*: (\\d+) params$", "$1"))).toList();
        assertEquals(expected, got);
    }

    @Test
    void benchOpsPrintsThePytorchCostColumns() throws Exception {
        assumeTrue(torchInstalled(), "python3-torch is not installed");
        var r = NasCommandTest.nas("bench", "ops", "--ops", "conv_1x1", "--iterations", "1", "--batch", "2", "--size", "6",
                "--channels", "4");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("conv_3x3 op train step: nas4j"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("conv_1x1") && l.trim().split("\\s+").length == 10), r.out());
        assertTrue(!r.out().contains("WARNING"), r.out());
    }

    @Test
    void childrenAreComparedWithPytorch() throws Exception {
        assumeTrue(torchInstalled(), "python3-torch is not installed");
        var r = NasCommandTest.nas("bench", "train", "--children", "1", "--config", NasCommandTest.EXAMPLE, "--batch", "4",
                "--steps", "1", "--rounds", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("nas4j / PyTorch"), r.out());
        assertTrue(!r.out().contains("WARNING"), r.out());
    }

    @Test
    void withoutPytorchTheScriptAndTheCommandsSayTheyAreSkipped() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), "no " + PYTHON);
        // -S leaves out site-packages, where Debian's python3-torch lives
        Process p = new ProcessBuilder(PYTHON, "-S", BenchPeer.script().toString(), "--arch", "x.json")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(3, p.waitFor(), out);
        assertTrue(out.startsWith("peer benchmark skipped: PyTorch is not installed"), out);
        var r = NasCommandTest.nas("bench", "ops", "--ops", "conv_1x1", "--iterations", "1", "--batch", "2", "--size", "6",
                "--channels", "4", "--python", "/nonexistent/python3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("peer benchmark skipped: /nonexistent/python3 not found"), r.out());
    }

    @Test
    void badInputGetsOneLineNamingTheFix() {
        var none = NasCommandTest.nas("bench", "train");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("give --arch FILE"), none.err());
        var both = NasCommandTest.nas("bench", "train", "--children", "2");
        assertTrue(both.err().contains("give --config FILE"), both.err());
        var noRounds = NasCommandTest.nas("bench", "train", "--children", "1", "--config", NasCommandTest.EXAMPLE, "--rounds", "0");
        assertTrue(noRounds.err().contains("--rounds must be at least 1"), noRounds.err());
    }
}
