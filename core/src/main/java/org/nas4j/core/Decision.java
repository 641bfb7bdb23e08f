package org.nas4j.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One categorical decision: a name and its ordered, named choices. {@code skip} is set when the
 * decision is a skip connection (choices {@code "0"} and {@code "1"}), and null otherwise. {@code layer} is the
 * searchable layer (1 and up) the decision shapes, 0 for none: a skip decision is its target layer's, and a strategy
 * that attends to a layer's decisions (ENAS) finds them by it, never by parsing names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(String name, List<String> choices, SkipLink skip, int layer) {
    /** Names of decisions and choices: letters, digits and {@code _ . : + -}; never a comma (keys use it). */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:+\\-]+");
    public static final List<String> SKIP_CHOICES = List.of("0", "1");

    public Decision {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new UserError("decision name '" + name + "' is not allowed: use letters, digits and _ . : + -");
        }
        if (choices == null || choices.isEmpty()) {
            throw new UserError("decision '" + name + "' has no choices: give at least one");
        }
        choices = List.copyOf(choices);
        var seen = new HashSet<String>();
        for (String c : choices) {
            if (c == null || !NAME.matcher(c).matches()) {
                throw new UserError("decision '" + name + "': choice '" + c + "' is not allowed: use letters, digits and _ . : + -");
            }
            if (!seen.add(c)) {
                throw new UserError("decision '" + name + "' lists choice '" + c + "' twice: choices must be unique");
            }
        }
        if (skip != null && !choices.equals(SKIP_CHOICES)) {
            throw new UserError("skip decision '" + name + "' must have the choices [0, 1]");
        }
        if (layer < 0 || skip != null && layer != skip.layer()) {
            throw new UserError("decision '" + name + "': layer " + layer + " must be 0 (none) or the searchable layer it shapes"
                    + (skip == null ? "" : ", " + skip.layer() + " for a skip into that layer"));
        }
    }

    /** A decision of no particular layer. */
    public Decision(String name, List<String> choices) {
        this(name, choices, null, 0);
    }

    /** A decision of searchable layer {@code layer} (1 and up), such as its op. */
    public static Decision ofLayer(String name, List<String> choices, int layer) {
        return new Decision(name, choices, null, layer);
    }

    /** A binary skip-connection decision into {@code layer} from {@code from}: one of {@code layer}'s decisions. */
    public static Decision skip(String name, int layer, int from) {
        return new Decision(name, SKIP_CHOICES, new SkipLink(layer, from), layer);
    }

    /** The index of {@code choice}, or -1 when this decision has no such choice. */
    public int indexOf(String choice) {
        return choices.indexOf(choice);
    }

    public int size() {
        return choices.size();
    }
}
