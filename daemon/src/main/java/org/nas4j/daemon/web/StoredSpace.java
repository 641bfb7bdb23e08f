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
import org.nas4j.store.ExperimentRecord;

/**
 * What the dashboard needs of a stored experiment's config: its decision space and, for a CNN space, what turns a
 * trial into a network ({@link #network}). One of three: a {@link Cnn} space, a tabular benchmark's {@link Table},
 * or an {@link Unreadable} benchmark whose space file is gone. Immutable.
 */
sealed interface StoredSpace {
    /** A CNN space with the training settings its trials were compiled with. */
    record Cnn(CnnSearchSpace cnn, TrainingConfig training) implements StoredSpace {
        @Override
        public DecisionSpace requireDecisions() {
            return cnn.decisions();
        }

        @Override
        public String name() {
            return cnn.decisions().name();
        }
    }

    /** A tabular benchmark's decision space. */
    record Table(DecisionSpace decisions) implements StoredSpace {
        @Override
        public DecisionSpace requireDecisions() {
            return decisions;
        }

        @Override
        public String name() {
            return decisions.name();
        }
    }

    /** A tabular benchmark whose space file (named {@code name}) cannot be read any more; {@code problem} says why and what to do. */
    record Unreadable(String name, String problem) implements StoredSpace {
        @Override
        public DecisionSpace requireDecisions() {
            throw new IllegalStateException(problem);
        }
    }

    static StoredSpace of(ExperimentRecord e) {
        ConfigNode config = ConfigNode.of(Json.read(e.configJson(), "stored config of " + e.name()), e.source());
        if (config.has("space")) {
            return new Cnn(new CnnSearchSpace(SpaceConfig.from(config)), TrainingConfig.from(config));
        }
        String file = config.section("benchmark").getString("space");
        Path path = e.source() == null ? Path.of(file) : Path.of(e.source()).toAbsolutePath().getParent().resolve(file);
        try {
            return new Table(DecisionSpace.load(path));
        } catch (RuntimeException unreadable) {
            return new Unreadable(path.getFileName().toString(), "the space of experiment " + e.name() + " cannot be read (" + unreadable.getMessage()
                    + "): put the benchmark back at " + path);
        }
    }

    /** The space's name, as the experiments page shows it. */
    String name();

    /** The space's decisions. @throws IllegalStateException when its file cannot be read */
    DecisionSpace requireDecisions();

    /** The architecture of {@code key} (the choices joined by commas, in decision order). */
    default Architecture architecture(String key) {
        List<String> choices = List.of(key.split(",", -1));
        var map = new LinkedHashMap<String, String>();
        DecisionSpace decisions = requireDecisions();
        var list = decisions.decisions();
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
    default NetworkSummary network(Architecture architecture, long seed) {
        if (!(this instanceof Cnn c)) {
            return NetworkSummary.NONE;
        }
        NetworkSpec spec = c.cnn().spec(architecture);
        CompiledNetwork net = c.training().compile(spec, seed);
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
