package org.nas4j.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One choice per decision of a space, in the space's order. Immutable. Its {@link #key()} is canonical:
 * equal architectures have equal keys. Its JSON form carries {@value #SCHEMA_VERSION} as
 * {@code schemaVersion} so that later releases can read files written now.
 */
public record Architecture(String space, Map<String, String> decisions) {
    public static final int SCHEMA_VERSION = 1;

    public Architecture {
        decisions = Collections.unmodifiableMap(new LinkedHashMap<>(decisions));
    }

    /** The choices in decision order, joined by commas (names never contain commas). */
    public String key() {
        return String.join(",", decisions.values());
    }

    public String choice(String decision) {
        return decisions.get(decision);
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("schemaVersion", SCHEMA_VERSION);
        node.put("space", space);
        node.put("key", key());
        ObjectNode d = node.putObject("decisions");
        decisions.forEach(d::put);
        return node;
    }

    /**
     * Reads the JSON form; other fields (such as those {@code nas space sample --json} adds) are ignored.
     * {@code what} names the source in errors.
     */
    public static Architecture fromJson(JsonNode node, String what) {
        int version = node.path("schemaVersion").asInt(-1);
        if (version != SCHEMA_VERSION) {
            throw new UserError(what + ": schemaVersion " + node.path("schemaVersion")
                    + " is not supported; this nas4j reads architecture schemaVersion " + SCHEMA_VERSION);
        }
        JsonNode d = node.path("decisions");
        if (!d.isObject()) {
            throw new UserError(what + ": field 'decisions' (an object of decision: choice) is missing");
        }
        var map = new LinkedHashMap<String, String>();
        d.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new UserError(what + ": decisions." + e.getKey() + " must be a choice name (text)");
            }
            map.put(e.getKey(), e.getValue().asText());
        });
        return new Architecture(node.path("space").asText(""), map);
    }

    /** Reads an architecture file: one JSON object (the first line is enough for JSON-lines files). */
    public static Architecture load(Path file) {
        return fromJson(readJson(file), file.toString());
    }

    /** The JSON object of an architecture file, with any extra fields it carries. */
    public static JsonNode readJson(Path file) {
        String text = UserFiles.read(file, "architecture file", "give the path of an architecture JSON file").strip();
        int newline = text.indexOf('\n');
        if (text.startsWith("{") && newline > 0 && text.substring(0, newline).strip().endsWith("}")) {
            text = text.substring(0, newline);
        }
        return Json.read(text, file.toString());
    }
}
