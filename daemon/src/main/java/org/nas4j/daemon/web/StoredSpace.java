package org.nas4j.daemon.web;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.nas4j.core.Architecture;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.Json;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.train.TrainingConfig;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.SpaceConfig;
import org.nas4j.store.ExperimentRecord;

/**
 * What the dashboard needs of a stored experiment's config: its decision space, and for a CNN space the space and
 * training settings that turn a trial into a network. {@code cnn} and {@code training} are null for a tabular
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
}
