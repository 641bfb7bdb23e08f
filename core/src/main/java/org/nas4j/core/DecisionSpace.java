package org.nas4j.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * What a strategy sees: an ordered list of categorical decisions. Immutable and thread-safe.
 * Reads and writes the {@code space.json} format: {@code {"name": ..., "decisions": [{"name", "choices"}]}}.
 */
public record DecisionSpace(String name, List<Decision> decisions) {
    public DecisionSpace {
        if (name == null || name.isBlank()) {
            throw new UserError("a decision space needs a name");
        }
        if (decisions == null || decisions.isEmpty()) {
            throw new UserError("decision space '" + name + "' has no decisions: give at least one");
        }
        decisions = List.copyOf(decisions);
        var seen = new HashMap<String, Integer>();
        for (Decision d : decisions) {
            if (seen.put(d.name(), 1) != null) {
                throw new UserError("decision space '" + name + "' has two decisions named '" + d.name() + "'");
            }
        }
    }

    /** The number of distinct architectures. */
    public BigInteger size() {
        BigInteger n = BigInteger.ONE;
        for (Decision d : decisions) {
            n = n.multiply(BigInteger.valueOf(d.size()));
        }
        return n;
    }

    /** The position of the decision named {@code decision}, or -1. */
    public int indexOf(String decision) {
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i).name().equals(decision)) {
                return i;
            }
        }
        return -1;
    }

    /** The architecture choosing {@code choices[i]} (an index) for decision i. */
    public Architecture architecture(int... choices) {
        if (choices.length != decisions.size()) {
            throw new IllegalArgumentException("expected " + decisions.size() + " choices, got " + choices.length);
        }
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < choices.length; i++) {
            map.put(decisions.get(i).name(), decisions.get(i).choices().get(choices[i]));
        }
        return new Architecture(name, map);
    }

    /** An architecture with every choice drawn uniformly from {@code random}. */
    public Architecture sample(RandomGenerator random) {
        int[] choices = new int[decisions.size()];
        for (int i = 0; i < choices.length; i++) {
            choices[i] = random.nextInt(decisions.get(i).size());
        }
        return architecture(choices);
    }

    /**
     * Checks {@code architecture} against this space and returns it in this space's decision order.
     * @throws UserError naming the first missing decision, unknown decision or unknown choice
     */
    public Architecture validate(Architecture architecture) {
        return architecture(indices(architecture));
    }

    /** The choice index per decision of {@code architecture}, validated as in {@link #validate}. */
    public int[] indices(Architecture architecture) {
        Map<String, String> given = architecture.decisions();
        for (String d : given.keySet()) {
            if (indexOf(d) < 0) {
                throw new UserError("architecture has decision '" + d + "', which space '" + name
                        + "' does not have; its decisions are " + names());
            }
        }
        int[] out = new int[decisions.size()];
        for (int i = 0; i < out.length; i++) {
            Decision d = decisions.get(i);
            String choice = given.get(d.name());
            if (choice == null) {
                throw new UserError("architecture is missing decision '" + d.name() + "'; allowed choices: " + d.choices());
            }
            out[i] = d.indexOf(choice);
            if (out[i] < 0) {
                throw new UserError("decision '" + d.name() + "' has no choice '" + choice + "'; allowed: " + d.choices());
            }
        }
        return out;
    }

    private List<String> names() {
        return decisions.stream().map(Decision::name).toList();
    }

    public ObjectNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    /** Reads a {@code space.json} file. */
    public static DecisionSpace load(Path file) {
        String text = UserFiles.read(file, "space file", "give the path of a space.json");
        return fromJson(Json.read(text, file.toString()), file.toString());
    }

    /** Builds a space from its JSON form; {@code what} names the source in errors. */
    public static DecisionSpace fromJson(JsonNode node, String what) {
        if (!node.path("name").isTextual()) {
            throw new UserError(what + ": field 'name' (text) is missing");
        }
        JsonNode list = node.path("decisions");
        if (!list.isArray()) {
            throw new UserError(what + ": field 'decisions' (a list of {name, choices}) is missing");
        }
        var decisions = new ArrayList<Decision>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode d = list.get(i);
            String at = what + ": decisions[" + i + "]";
            if (!d.path("name").isTextual()) {
                throw new UserError(at + ".name (text) is missing");
            }
            JsonNode choices = d.path("choices");
            if (!choices.isArray()) {
                throw new UserError(at + ".choices (a list of names) is missing");
            }
            var names = new ArrayList<String>();
            choices.forEach(c -> names.add(c.asText()));
            JsonNode skip = d.path("skip");
            SkipLink link = skip.isObject() ? new SkipLink(skip.path("layer").asInt(), skip.path("from").asInt()) : null;
            decisions.add(new Decision(d.get("name").asText(), names, link, d.path("layer").asInt(link == null ? 0 : link.layer())));
        }
        return new DecisionSpace(node.get("name").asText(), decisions);
    }
}
