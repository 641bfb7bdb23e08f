package org.nas4j.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nas4j.core.Json;
import org.nas4j.core.config.ConfigNode;

/**
 * The {@code space} section of an experiment file, validated. Immutable.
 *
 * @param name          the experiment's name, used as the decision space's name
 * @param input         the shape of one input image
 * @param classes       the number of classes of the head
 * @param stemChannels  output channels of the stem convolution
 * @param stemKernel    kernel size of the stem convolution
 * @param layers        the number of searchable layers
 * @param widths        channels per stage; stage s follows the s-th reduction, so there are reductions + 1
 * @param reductions    sorted positions: a stride-2 reduction follows searchable layer k (0 = after the stem, layers = before the head)
 * @param ops           the catalogue ops a searchable layer may choose
 * @param reductionOps  the ops a reduction may choose
 * @param skips         whether each layer may take skip connections from every earlier layer but its predecessor
 */
public record SpaceConfig(String name, Shape input, int classes, int stemChannels, int stemKernel, int layers,
                          List<Integer> widths, List<Integer> reductions, List<Op> ops, List<ReductionOp> reductionOps,
                          boolean skips) {
    static final int MAX_LAYERS = 64;
    static final int MAX_WIDTH = 4096;

    public SpaceConfig {
        widths = List.copyOf(widths);
        reductions = List.copyOf(reductions);
        ops = List.copyOf(ops);
        reductionOps = List.copyOf(reductionOps);
    }

    /** The width of searchable layer {@code layer} (1-based): the stage it is in. */
    public int widthOf(int layer) {
        return widths.get((int) reductions.stream().filter(r -> r < layer).count());
    }

    /** This configuration as a {@code space} section, the form {@link #from} reads. */
    public ObjectNode toJson() {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.putObject("input").put("height", input.height()).put("width", input.width()).put("channels", input.channels());
        s.put("classes", classes);
        s.putObject("stem").put("channels", stemChannels).put("kernel", stemKernel);
        s.put("layers", layers);
        widths.forEach(s.putArray("widths")::add);
        reductions.forEach(s.putArray("reductions")::add);
        ops.forEach(op -> s.withArray("ops").add(op.id));
        reductionOps.forEach(op -> s.withArray("reduction_ops").add(op.id));
        s.put("skip_connections", skips);
        return s;
    }

    /** Reads and validates the {@code space} section of {@code experiment}. */
    public static SpaceConfig from(ConfigNode experiment) {
        String name = experiment.getString("name", "experiment");
        ConfigNode s = experiment.section("space");
        s.allowOnly(Set.of("input", "classes", "stem", "layers", "widths", "reductions", "ops", "reduction_ops",
                "skip_connections"));
        ConfigNode in = s.section("input");
        in.allowOnly(Set.of("height", "width", "channels"));
        Shape input = new Shape(in.getInt("height", 1, 4096), in.getInt("width", 1, 4096), in.getInt("channels", 1, 1024));
        int classes = s.getInt("classes", 2, 100_000);
        int layers = s.getInt("layers", 1, MAX_LAYERS);

        List<Integer> positions = s.getInts("reductions", List.of(), 0, layers);
        List<Integer> reductions = List.copyOf(new TreeSet<>(positions));
        if (reductions.size() != positions.size()) {
            throw s.error("reductions", "lists a position twice: give each position once");
        }
        int side = Math.min(input.height(), input.width());
        int maxReductions = 31 - Integer.numberOfLeadingZeros(side);
        if (reductions.size() > maxReductions) {
            throw s.error("reductions", "has " + reductions.size() + " reductions, but a " + input.height() + "x"
                    + input.width() + " input allows at most " + maxReductions + " (each halves the size): remove some");
        }

        List<Integer> widths = s.getInts("widths", List.of(16), 1, MAX_WIDTH);
        if (widths.size() == 1) {
            var doubled = new ArrayList<Integer>();
            for (int i = 0; i <= reductions.size(); i++) {
                doubled.add(Math.min(MAX_WIDTH, widths.get(0) << i));
            }
            widths = doubled;
        } else if (widths.size() != reductions.size() + 1) {
            throw s.error("widths", "has " + widths.size() + " entries but there are " + (reductions.size() + 1)
                    + " stages (reductions + 1): give one width per stage, or one width to double at each reduction");
        }

        int stemChannels = widths.get(0);
        int stemKernel = 3;
        if (s.has("stem")) {
            ConfigNode stem = s.section("stem");
            stem.allowOnly(Set.of("channels", "kernel"));
            stemChannels = stem.getInt("channels", stemChannels, 1, MAX_WIDTH);
            stemKernel = stem.getInt("kernel", stemKernel, 1, 11);
        }

        List<Op> ops = s.getNames("ops", List.copyOf(Op.byId().keySet()), Op.byId().keySet())
                .stream().map(Op.byId()::get).distinct().toList();
        if (ops.isEmpty()) {
            throw s.error("ops", "is empty: list at least one of " + Op.byId().keySet());
        }
        List<ReductionOp> reductionOps = s.getNames("reduction_ops", List.copyOf(ReductionOp.byId().keySet()),
                ReductionOp.byId().keySet()).stream().map(ReductionOp.byId()::get).distinct().toList();
        if (reductionOps.isEmpty()) {
            throw s.error("reduction_ops", "is empty: list at least one of " + ReductionOp.byId().keySet());
        }
        boolean skips = s.getBoolean("skip_connections", true);
        return new SpaceConfig(name, input, classes, stemChannels, stemKernel, layers, widths, reductions, ops,
                reductionOps, skips);
    }
}
