package org.nas4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchitectureTest {
    static final DecisionSpace SPACE = new DecisionSpace("toy", List.of(
            new Decision("layer1.op", List.of("conv_3x3", "max_pool_3x3", "sep_conv_5x5")),
            new Decision("layer2.op", List.of("conv_3x3", "max_pool_3x3")),
            Decision.skip("layer3.skip.stem", 3, 0)));

    @Test
    void jsonRoundTripIsTheIdentity() {
        var random = new SplittableRandom(7);
        for (int i = 0; i < 50; i++) {
            Architecture a = SPACE.sample(random);
            String json = Json.write(a.toJson());
            Architecture back = Architecture.fromJson(Json.read(json, "test"), "test");
            assertEquals(a, back);
            assertEquals(a.key(), back.key());
            assertEquals(json, Json.write(back.toJson()));
        }
    }

    @Test
    void equalDecisionsGiveEqualKeysAndDifferentOnesDifferentKeys() {
        var keys = new HashSet<String>();
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 2; c++) {
                    assertEquals(SPACE.architecture(a, b, c).key(), SPACE.architecture(a, b, c).key());
                    assertTrue(keys.add(SPACE.architecture(a, b, c).key()), "key is new");
                }
            }
        }
        assertEquals(SPACE.size().intValue(), keys.size());
        assertNotEquals(SPACE.architecture(0, 0, 0), SPACE.architecture(0, 0, 1));
    }

    @Test
    void jsonCarriesTheSchemaVersionAndRejectsAnUnknownOne() {
        var node = SPACE.architecture(1, 0, 1).toJson();
        assertEquals(Architecture.SCHEMA_VERSION, node.get("schemaVersion").asInt());
        node.put("schemaVersion", 99);
        var e = assertThrows(UserError.class, () -> Architecture.fromJson(node, "a.json"));
        assertTrue(e.getMessage().contains("schemaVersion 99"), e.getMessage());
    }

    @Test
    void loadsTheFirstLineOfAJsonLinesFile(@TempDir Path dir) throws Exception {
        Architecture a = SPACE.architecture(2, 1, 0);
        Architecture b = SPACE.architecture(0, 0, 0);
        Path file = dir.resolve("sampled.jsonl");
        Files.writeString(file, Json.write(a.toJson()) + "\n" + Json.write(b.toJson()) + "\n");
        assertEquals(a, Architecture.load(file));
        Files.writeString(file, Json.writePretty(b.toJson()));
        assertEquals(b, Architecture.load(file));
    }

    @Test
    void validationNamesTheUnknownChoiceAndWhatIsAllowed() {
        var bad = new Architecture("toy", java.util.Map.of("layer1.op", "conv_9x9", "layer2.op", "conv_3x3", "layer3.skip.stem", "0"));
        var e = assertThrows(UserError.class, () -> SPACE.validate(bad));
        assertEquals("decision 'layer1.op' has no choice 'conv_9x9'; allowed: [conv_3x3, max_pool_3x3, sep_conv_5x5]", e.getMessage());
    }
}
