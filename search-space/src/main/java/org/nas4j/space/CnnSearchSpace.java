package org.nas4j.space;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nas4j.core.Architecture;
import org.nas4j.core.Decision;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.Json;
import org.nas4j.core.UserError;
import org.nas4j.core.config.ConfigNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Maps the decisions a strategy makes to a {@link NetworkSpec}. Decisions, in network order: for each
 * searchable layer i, {@code layer<i>.op} and, with skip connections on, {@code layer<i>.skip.<from>} for
 * every earlier layer but its predecessor (from the stem, {@code stem}); after a reduction position r,
 * {@code reduction<r>.op}. A decision with a single choice is left out. Every architecture of the
 * decision space maps to a valid network. Immutable and thread-safe.
 */
public final class CnnSearchSpace {
    private final SpaceConfig config;
    private final DecisionSpace decisions;

    public CnnSearchSpace(SpaceConfig config) {
        this.config = config;
        var list = new ArrayList<Decision>();
        if (config.reductions().contains(0)) {
            addIfChoice(list, reductionDecision(1), names(config.reductionOps()));
        }
        for (int i = 1; i <= config.layers(); i++) {
            if (config.ops().size() > 1) {
                list.add(Decision.ofLayer("layer" + i + ".op", names(config.ops()), i));
            }
            for (int from = 0; config.skips() && from < i - 1; from++) {
                list.add(Decision.skip(skipDecision(i, from), i, from));
            }
            if (config.reductions().contains(i)) {
                addIfChoice(list, reductionDecision(config.reductions().indexOf(i) + 1), names(config.reductionOps()));
            }
        }
        if (list.isEmpty()) {
            throw new UserError("space '" + config.name() + "' has nothing to search: allow more than one op or turn on skip_connections");
        }
        this.decisions = new DecisionSpace(config.name(), list);
    }

    /** Reads the {@code space} section of an experiment file (YAML or JSON). */
    public static CnnSearchSpace load(Path experimentFile) {
        return new CnnSearchSpace(SpaceConfig.from(ConfigNode.load(experimentFile)));
    }

    /**
     * The space of an architecture file: the {@code spaceConfig} it carries (a {@code space} section, as
     * in {@code examples/reference-cnn.json}), or else the space of {@code experimentFile}.
     */
    public static CnnSearchSpace forArchitecture(JsonNode architectureFile, String source, Path experimentFile) {
        JsonNode embedded = architectureFile.path("spaceConfig");
        if (!embedded.isObject()) {
            if (experimentFile == null) {
                throw new UserError(source + " carries no spaceConfig: give the experiment file it was sampled from with --config");
            }
            return load(experimentFile);
        }
        ObjectNode experiment = Json.MAPPER.createObjectNode();
        experiment.put("name", architectureFile.path("space").asText("architecture"));
        experiment.set("space", embedded);
        return new CnnSearchSpace(SpaceConfig.from(ConfigNode.of(experiment, source + " (spaceConfig)")));
    }

    public SpaceConfig config() {
        return config;
    }

    public DecisionSpace decisions() {
        return decisions;
    }

    /** The network {@code architecture} stands for; it is validated against this space first. */
    public NetworkSpec spec(Architecture architecture) {
        Architecture a = decisions.validate(architecture);
        var blocks = new ArrayList<NetworkSpec.Block>();
        if (config.reductions().contains(0)) {
            blocks.add(reduction(a, 1, 0));
        }
        for (int i = 1; i <= config.layers(); i++) {
            String op = a.choice("layer" + i + ".op");
            var skips = new ArrayList<Integer>();
            for (int from = 0; config.skips() && from < i - 1; from++) {
                if ("1".equals(a.choice(skipDecision(i, from)))) {
                    skips.add(from);
                }
            }
            blocks.add(new NetworkSpec.Layer(i, op == null ? config.ops().get(0) : Op.byId().get(op), config.widthOf(i), skips));
            if (config.reductions().contains(i)) {
                blocks.add(reduction(a, config.reductions().indexOf(i) + 1, i));
            }
        }
        return new NetworkSpec(config.input(), config.classes(), config.stemChannels(), config.stemKernel(), blocks);
    }

    private NetworkSpec.Reduction reduction(Architecture a, int number, int afterLayer) {
        String op = a.choice(reductionDecision(number));
        return new NetworkSpec.Reduction(afterLayer, op == null ? config.reductionOps().get(0) : ReductionOp.byId().get(op),
                config.widths().get(number));
    }

    private static String reductionDecision(int number) {
        return "reduction" + number + ".op";
    }

    private static String skipDecision(int layer, int from) {
        return "layer" + layer + ".skip." + (from == 0 ? "stem" : "layer" + from);
    }

    private static void addIfChoice(List<Decision> list, String name, List<String> choices) {
        if (choices.size() > 1) {
            list.add(new Decision(name, choices));
        }
    }

    private static List<String> names(List<?> ops) {
        return ops.stream().map(Object::toString).toList();
    }
}
