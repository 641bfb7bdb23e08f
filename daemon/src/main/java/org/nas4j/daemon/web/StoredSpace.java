package org.nas4j.daemon.web;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nas4j.core.Architecture;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.Json;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.core.read.LayerLink;
import org.nas4j.core.read.NetworkSummary;
import org.nas4j.evaluator.train.TrainingConfig;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.NetworkSpec;
import org.nas4j.space.SpaceConfig;
import org.nas4j.space.dl4j.CompiledNetwork;
import org.nas4j.space.dl4j.Dl4jCompiler;
import org.nas4j.store.ExperimentRecord;

/**
 * What the dashboard needs of a stored experiment's config: its decision space, and for a CNN space the space and
 * training settings that turn a trial into a network (its {@link #network}). {@code cnn} and {@code training} are null for a tabular
 * benchmark; {@code decisions} is null (and {@code problem} says why) when the benchmark's space file cannot be
 * read any more. Immutable.
 */
record StoredSpace(String name, DecisionSpace decisions, CnnSearchSpace cnn, TrainingConfig training, String problem) {
    static StoredSpace of(ExperimentRecord e) {
        ConfigNode config = ConfigNode.of(Json.read(e.configJson(), "stored config of " + e.name()), e.source());
        if (config.has("space")) {
            var cnn = new CnnSearchSpace(SpaceConfig.from(config));
            return new StoredSpace(cnn.decisions().name(), cnn.decisions(), cnn, TrainingConfig.from(config), null);
        }
        String file = config.section("benchmark").getString("space");
        Path path = e.source() == null ? Path.of(file) : Path.of(e.source()).toAbsolutePath().getParent().resolve(file);
        try {
            DecisionSpace d = DecisionSpace.load(path);
            return new StoredSpace(d.name(), d, null, null, null);
        } catch (RuntimeException unreadable) {
            return new StoredSpace(path.getFileName().toString(), null, null, null, "the space of experiment " + e.name()
                    + " cannot be read (" + unreadable.getMessage() + "): put the benchmark back at " + path);
        }
    }

    /** The space's decisions. @throws IllegalStateException when its file cannot be read */
    DecisionSpace requireDecisions() {
        if (decisions == null) {
            throw new IllegalStateException(problem);
        }
        return decisions;
    }

    /** The architecture of {@code key} (the choices joined by commas, in decision order). */
    Architecture architecture(String key) {
        List<String> choices = List.of(key.split(",", -1));
        var map = new LinkedHashMap<String, String>();
        var list = requireDecisions().decisions();
        for (int i = 0; i < list.size() && i < choices.size(); i++) {
            map.put(list.get(i).name(), choices.get(i));
        }
        return new Architecture(decisions.name(), map);
    }

    /**
     * The network of a trial as its page shows it: the compiler's rows (stem, layers, reductions, head), the skip
     * connections between rows, and the DL4J configuration JSON compiled with the trial's training settings and seed
     * (what its training used); {@link NetworkSummary#NONE} for a space without networks.
     */
    NetworkSummary network(Architecture architecture, long seed) {
        if (cnn == null) {
            return NetworkSummary.NONE;
        }
        NetworkSpec spec = cnn.spec(architecture);
        CompiledNetwork net = Dl4jCompiler.compile(spec, b -> training.apply(b, seed));
        // The compiler writes one row for the stem, one per block in order, one for the head.
        Map<Integer, Integer> rowOfLayer = new HashMap<>(Map.of(0, 0));
        var links = new ArrayList<LayerLink>();
        for (int b = 0; b < spec.blocks().size(); b++) {
            if (spec.blocks().get(b) instanceof NetworkSpec.Layer layer) {
                rowOfLayer.put(layer.index(), b + 1);
                for (int from : layer.skipsFrom()) {
                    links.add(new LayerLink(rowOfLayer.get(from), b + 1));
                }
            }
        }
        return new NetworkSummary(net.rows(), links, net.configuration().toJson());
    }
}
