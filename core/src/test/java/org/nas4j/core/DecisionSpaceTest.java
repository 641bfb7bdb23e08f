package org.nas4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionSpaceTest {
    static final Path MACRO = Path.of("..", "benchmarks", "nas-bench-macro", "space.json");

    @Test
    void loadsTheNasBenchMacroSpace() {
        DecisionSpace space = DecisionSpace.load(MACRO);
        assertEquals("nas-bench-macro", space.name());
        assertEquals(8, space.decisions().size());
        assertEquals(List.of("id", "ir_3x3_t3", "ir_5x5_t6"), space.decisions().get(0).choices());
        assertEquals(BigInteger.valueOf(6561), space.size());
        assertEquals("id,id,id,id,id,id,id,ir_5x5_t6", space.architecture(0, 0, 0, 0, 0, 0, 0, 2).key());
    }

    @Test
    void jsonRoundTripKeepsSkipLinks() {
        var space = new DecisionSpace("s", List.of(new Decision("a", List.of("x", "y")), Decision.skip("b", 2, 0)));
        assertEquals(space, DecisionSpace.fromJson(Json.read(Json.write(space.toJson()), "t"), "t"));
    }

    @Test
    void badSpaceFilesGiveOneLineErrorsNamingTheField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("space.json");
        Files.writeString(file, "{\"name\": \"s\", \"decisions\": [{\"name\": \"a\"}]}");
        assertEquals(file + ": decisions[0].choices (a list of names) is missing", message(file));
        Files.writeString(file, "{\"name\": \"s\", \"decisions\": [{\"name\": \"a\", \"choices\": [\"x\", \"x\"]}]}");
        assertEquals("decision 'a' lists choice 'x' twice: choices must be unique", message(file));
        Files.writeString(file, "{\"name\": \"s\", \"decisions\": [");
        assertTrue(message(file).startsWith(file + " is not valid JSON"), message(file));
        assertEquals("space file " + dir.resolve("none.json") + " does not exist: give the path of a space.json",
                message(dir.resolve("none.json")));
    }

    private static String message(Path file) {
        String m = assertThrows(UserError.class, () -> DecisionSpace.load(file)).getMessage();
        assertEquals(1, m.lines().count(), "one line: " + m);
        return m;
    }
}
