package org.nas4j.evaluator.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.StopReason;
import org.nas4j.core.Json;

/**
 * A running trial's checkpoint in a folder: {@code model.zip} (weights and optimiser state, DL4J's
 * ModelSerializer) and {@code progress.json}, each written to a temporary file and moved into place, the
 * progress last, so a kill at any moment leaves either the previous checkpoint or the new one.
 */
final class Checkpoint {
    private final Path dir;

    Checkpoint(Path dir) {
        this.dir = dir;
    }

    void save(ComputationGraph graph, Progress p) throws IOException {
        Files.createDirectories(dir);
        Path model = dir.resolve("model-" + p.epoch + ".zip");
        Path tmp = dir.resolve("model.zip.tmp");
        ModelSerializer.writeModel(graph, tmp.toFile(), true);
        Files.move(tmp, model, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        var node = Json.MAPPER.createObjectNode();
        node.put("epoch", p.epoch).put("batch", p.batch).put("best", p.best).put("bestEpoch", p.bestEpoch)
                .put("sinceBest", p.sinceBest).put("seconds", p.seconds).put("model", model.getFileName().toString())
                .put("stopped", p.stopped == null ? null : p.stopped.name());
        node.set("curve", Json.MAPPER.valueToTree(p.curve));
        Path progress = dir.resolve("progress.json.tmp");
        Files.writeString(progress, Json.write(node));
        Files.move(progress, dir.resolve("progress.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (var old = Files.list(dir)) {
            for (Path f : old.filter(f -> f.getFileName().toString().matches("model-\\d+\\.zip") && !f.equals(model)).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** The saved graph and progress, or empty when there is none or it cannot be read (said to {@code events}). */
    Optional<ComputationGraph> load(Progress into, Consumer<String> events) {
        Path progress = dir.resolve("progress.json");
        if (!Files.exists(progress)) {
            return Optional.empty();
        }
        try {
            var node = Json.read(Files.readString(progress), progress.toString());
            var graph = ComputationGraph.load(dir.resolve(node.get("model").asText()).toFile(), true);
            into.epoch = node.get("epoch").asInt();
            into.batch = node.get("batch").asInt();
            into.best = node.get("best").asDouble();
            into.bestEpoch = node.get("bestEpoch").asInt();
            into.sinceBest = node.get("sinceBest").asInt();
            into.seconds = node.get("seconds").asDouble();
            JsonNode stopped = node.path("stopped");
            into.stopped = stopped.isTextual() ? StopReason.valueOf(stopped.asText()) : null;
            into.curve = new java.util.ArrayList<>(Arrays.asList(Json.MAPPER.treeToValue(node.get("curve"), EpochMetrics[].class)));
            events.accept("resumed from the checkpoint of epoch " + into.epoch);
            return Optional.of(graph);
        } catch (IOException | RuntimeException e) {
            events.accept("checkpoint in " + dir + " is unreadable (" + e.getMessage() + "); training starts over");
            return Optional.empty();
        }
    }
}
