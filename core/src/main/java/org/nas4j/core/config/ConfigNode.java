package org.nas4j.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.nas4j.core.Json;
import org.nas4j.core.UserError;
import org.nas4j.core.UserFiles;

/**
 * A section of an experiment file, with typed getters whose errors name the file, the field's full
 * path and what is allowed. Immutable.
 */
public final class ConfigNode {
    private final JsonNode node;
    private final String source;
    private final String path;

    private ConfigNode(JsonNode node, String source, String path) {
        this.node = node;
        this.source = source;
        this.path = path;
    }

    /** Reads a YAML ({@code .yaml}, {@code .yml}) or JSON file whose top level is an object. */
    public static ConfigNode load(Path file) {
        String text = UserFiles.read(file, "experiment file", "give the path of a .yaml or .json file (see examples/)");
        String name = file.getFileName().toString().toLowerCase();
        return parse(text, file.toString(), name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    /**
     * Parses {@code text} as YAML or JSON, strictly (size, nesting, duplicate keys, aliases: see
     * {@link StrictDocument}); {@code source} names it in errors.
     */
    public static ConfigNode parse(String text, String source, boolean yaml) {
        JsonNode root = StrictDocument.read(text, source, yaml);
        if (root == null || !root.isObject()) {
            throw new UserError(source + " must hold an object of sections (dataset, space, ...), not " + kind(root));
        }
        return new ConfigNode(root, source, "");
    }

    /** Wraps an in-memory tree (for configs built in code and tests). */
    public static ConfigNode of(JsonNode node, String source) {
        return new ConfigNode(node, source, "");
    }

    /**
     * A copy with {@code value} set at the dotted {@code path} (e.g. {@code training.max_epochs}), creating
     * sections as needed: how command-line options override an experiment file.
     */
    public ConfigNode with(String path, Object value) {
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        ObjectNode at = copy;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = at.get(parts[i]);
            at = next instanceof ObjectNode o ? o : at.putObject(parts[i]);
        }
        at.set(parts[parts.length - 1], Json.MAPPER.valueToTree(value));
        return new ConfigNode(copy, source, this.path);
    }

    public JsonNode json() {
        return node;
    }

    public String source() {
        return source;
    }

    public boolean has(String field) {
        return node.hasNonNull(field);
    }

    /** A required sub-section. */
    public ConfigNode section(String field) {
        return optionalSection(field).orElseThrow(() -> error(field, "is missing: add a '" + field + ":' section"));
    }

    public Optional<ConfigNode> optionalSection(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode child = node.get(field);
        if (!child.isObject()) {
            throw error(field, "must be a section of fields, not " + kind(child));
        }
        return Optional.of(new ConfigNode(child, source, at(field)));
    }

    /** Fails on any field not in {@code allowed}: catches typos before they silently use a default. */
    public void allowOnly(Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw error(f, "is not a known field; allowed here: " + allowed.stream().sorted().toList());
            }
        }
    }

    public int getInt(String field, int min, int max) {
        if (!has(field)) {
            throw error(field, "is missing: give an integer from " + min + " to " + max);
        }
        return intValue(field, node.get(field), min, max);
    }

    public int getInt(String field, int fallback, int min, int max) {
        return has(field) ? getInt(field, min, max) : fallback;
    }

    public long getLong(String field, long fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode v = node.get(field);
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw error(field, "must be an integer, not " + kind(v));
        }
        return v.asLong();
    }

    public double getDouble(String field, double fallback, double min, double max) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode v = node.get(field);
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            throw error(field, "must be a number from " + min + " to " + max + ", not " + kind(v));
        }
        return v.asDouble();
    }

    public boolean getBoolean(String field, boolean fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode v = node.get(field);
        if (!v.isBoolean()) {
            throw error(field, "must be true or false, not " + kind(v));
        }
        return v.asBoolean();
    }

    public String getString(String field) {
        if (!has(field)) {
            throw error(field, "is missing: give a text value");
        }
        JsonNode v = node.get(field);
        if (!v.isTextual()) {
            throw error(field, "must be text, not " + kind(v));
        }
        return v.asText();
    }

    public String getString(String field, String fallback) {
        return has(field) ? getString(field) : fallback;
    }

    /** A list of names, each checked by {@code allowed} (which may be null for any name). */
    public List<String> getNames(String field, List<String> fallback, Set<String> allowed) {
        return getList(field, fallback, v -> {
            if (!v.isTextual()) {
                throw error(field, "must list names, not " + kind(v));
            }
            if (allowed != null && !allowed.contains(v.asText())) {
                throw error(field, "has unknown name '" + v.asText() + "'; allowed: " + allowed.stream().sorted().toList());
            }
            return v.asText();
        });
    }

    /** A list of integers in [min, max]; a single integer is read as a one-element list. */
    public List<Integer> getInts(String field, List<Integer> fallback, int min, int max) {
        return getList(field, fallback, v -> intValue(field, v, min, max));
    }

    private <T> List<T> getList(String field, List<T> fallback, Function<JsonNode, T> item) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode v = node.get(field);
        var out = new ArrayList<T>();
        if (v.isArray()) {
            v.forEach(e -> out.add(item.apply(e)));
        } else {
            out.add(item.apply(v));
        }
        return List.copyOf(out);
    }

    private int intValue(String field, JsonNode v, int min, int max) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw error(field, "must be an integer from " + min + " to " + max + ", not " + kind(v));
        }
        return v.asInt();
    }

    /** An error about {@code field} of this section: "file: path.field message". */
    public UserError error(String field, String message) {
        return new UserError(source + ": " + at(field) + " " + message);
    }

    private String at(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String kind(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return "nothing";
        }
        if (v.isTextual()) {
            return "\"" + v.asText() + "\"";
        }
        if (v.isValueNode()) {
            return v.toString();
        }
        return v.isArray() ? "a list" : "a section";
    }
}
