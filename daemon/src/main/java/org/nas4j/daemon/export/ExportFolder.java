package org.nas4j.daemon.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nas4j.core.Architecture;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Json;
import org.nas4j.core.Provenance;
import org.nas4j.core.UserError;
import org.nas4j.core.read.LayerRow;
import org.nas4j.evaluator.train.TrainingConfig;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.dl4j.CompiledNetwork;
import org.nas4j.store.TrialRecord;

/**
 * Writes one exported architecture: {@code architecture.json} (nas4j's versioned format, carrying its
 * space so that it is self-contained), {@code dl4j-config.json} (a ComputationGraphConfiguration that
 * plain DL4J loads with {@code ComputationGraphConfiguration.fromJson}) and {@code summary.md}.
 */
public final class ExportFolder {
    /**
     * How the architecture was found, for the summary and {@code architecture.json}: the experiment, strategy, trial,
     * when, its reward and curve in the search, where that trial ran and its experiment's config hash. Any field may
     * be null when unknown.
     */
    public record Origin(String experiment, String strategy, Long trialNumber, String foundAt, Double reward,
                         List<EpochMetrics> curve, Provenance ranOn, String configHash) {
        /** The origin of a stored trial, found by {@code strategy} in {@code experiment}. */
        public static Origin of(String experiment, String strategy, TrialRecord t, List<EpochMetrics> curve) {
            return new Origin(experiment, strategy, (long) t.number(), String.valueOf(t.finishedAt()), t.reward(), curve,
                    t.provenance(), t.configHash());
        }

        /** The JSON of {@code architecture.json}'s {@code "origin"} field. */
        ObjectNode toJson() {
            ObjectNode o = Json.MAPPER.createObjectNode().put("experiment", experiment).put("strategy", strategy)
                    .put("trial", trialNumber).put("foundAt", foundAt).put("configHash", configHash);
            if (ranOn != null) {
                o.set("ranOn", Json.MAPPER.valueToTree(ranOn));
            }
            return o;
        }
    }

    private ExportFolder() {}

    /** Creates {@code dir} (refusing an existing one unless {@code force}) and writes the three files. */
    public static CompiledNetwork write(Path dir, CnnSearchSpace space, Architecture architecture, TrainingConfig training,
                                        long seed, Origin origin, boolean force) {
        if (Files.exists(dir) && !force) {
            throw new UserError("output folder " + dir + " exists: choose another --out, or add --force to overwrite it");
        }
        Architecture a = space.decisions().validate(architecture);
        CompiledNetwork net = training.compile(space.spec(a), seed);
        var json = a.toJson();
        json.set("spaceConfig", space.config().toJson());
        if (origin != null) {
            json.set("origin", origin.toJson());
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("architecture.json"), Json.writePretty(json) + "\n");
            Files.writeString(dir.resolve("dl4j-config.json"), net.configuration().toJson());
            Files.writeString(dir.resolve("summary.md"), summary(a, net, origin));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export to " + dir, e);
        }
        return net;
    }

    static String summary(Architecture a, CompiledNetwork net, Origin p) {
        var md = new StringBuilder("# Architecture " + a.key() + "\n\n");
        md.append(String.format("%,d parameters, %,d FLOPs (multiply-adds) per image.%n%n", net.params(), net.flops()));
        if (p != null) {
            md.append("Found by the ").append(p.strategy() == null ? "search" : p.strategy() + " strategy")
                    .append(" of experiment `").append(p.experiment()).append("`");
            if (p.trialNumber() != null) {
                md.append(", trial ").append(p.trialNumber());
            }
            if (p.foundAt() != null) {
                md.append(", at ").append(p.foundAt());
            }
            md.append(p.reward() == null ? ".\n\n" : String.format("; validation accuracy %.4f.%n%n", p.reward()));
            Provenance r = p.ranOn();
            if (r != null) {
                md.append(String.format("Trained in the search by %s on %s (%s%s), nas4j %s, DL4J %s", r.worker(), r.host(),
                        r.device(), r.threads() > 0 ? ", " + r.threads() + " threads" : "", r.nas4jVersion(), r.dl4jVersion()));
                md.append(p.configHash() == null ? ".\n\n" : "; experiment config " + p.configHash() + ".\n\n");
            }
        }
        md.append("| layer | op | output | params | FLOPs |\n|---|---|---|---:|---:|\n");
        for (LayerRow r : net.rows()) {
            md.append(String.format("| %s | %s | %s | %,d | %,d |%n", r.layer(), r.op(), r.outputShape(), r.params(), r.flops()));
        }
        if (p != null && p.curve() != null && !p.curve().isEmpty()) {
            md.append("\n## Learning curve during the search\n\n| epoch | train loss | validation loss | validation accuracy |\n|---:|---:|---:|---:|\n");
            for (EpochMetrics m : p.curve()) {
                md.append(String.format("| %d | %.4f | %.4f | %.4f |%n", m.epoch(), m.trainLoss(), m.validationLoss(),
                        m.validationAccuracy()));
            }
        }
        md.append("\n## Decisions\n\n");
        a.decisions().forEach((d, c) -> md.append("- `").append(d).append("`: ").append(c).append('\n'));
        return md.toString();
    }
}
