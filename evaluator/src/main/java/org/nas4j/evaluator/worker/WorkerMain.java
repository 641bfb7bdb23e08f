package org.nas4j.evaluator.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.nas4j.core.EpochMetrics;
import org.nas4j.evaluator.train.Trainer;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.Architecture;
import org.nas4j.core.Json;
import org.nas4j.core.StopReason;
import org.nas4j.core.Trial;
import org.nas4j.core.TrialResult;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.Experiment;

/** The main class of a worker JVM: reads one trial request on stdin, trains it, streams epochs and the result. */
public final class WorkerMain {
    private WorkerMain() {}

    /** The request for one trial: the experiment as read, the trial, the memory budget of its training. */
    public static ObjectNode request(ConfigNode experiment, Trial trial, long memoryBudget) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("source", experiment.source());
        r.set("experiment", experiment.json());
        r.put("id", trial.id());
        r.put("seed", trial.seed());
        r.put("checkpointDir", trial.checkpointDir());
        r.put("memoryBudget", memoryBudget);
        r.set("architecture", trial.architecture().toJson());
        return r;
    }

    /** The trial of a {@link #request}. */
    public static Trial trial(JsonNode request) {
        return new Trial(request.get("id").asLong(), Architecture.fromJson(request.get("architecture"), "request"),
                request.get("seed").asLong(), request.path("checkpointDir").isTextual() ? request.get("checkpointDir").asText() : null);
    }

    public static void main(String[] args) throws Exception {
        Dl4jRuntime.configure();
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        TrialResult result;
        try {
            JsonNode r = Json.read(in.readLine(), "worker request");
            String source = r.get("source").asText();
            Experiment experiment = Experiment.of(Path.of(source), ConfigNode.of(r.get("experiment"), source));
            var trial = trial(r);
            String gpu = System.getenv("CUDA_VISIBLE_DEVICES");
            if (gpu != null) {
                out.println(WorkerProtocol.line("event", "worker process on GPU CUDA_VISIBLE_DEVICES=" + gpu
                        + " (backend " + Dl4jRuntime.backend() + ")"));
            }
            result = TrialRunner.run(experiment.space(), experiment.training(), experiment.data(),
                    r.get("memoryBudget").asLong(), trial, new Trainer.EpochCallback() {
                        @Override
                        public boolean onEpoch(EpochMetrics metrics) {
                            out.println(WorkerProtocol.line("epoch", metrics));
                            try {
                                return !WorkerProtocol.PRUNE.equals(in.readLine());
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }

                        @Override
                        public void resumed(List<EpochMetrics> curve) {
                            out.println(WorkerProtocol.line("resumed", curve));
                        }
                    }, note -> out.println(WorkerProtocol.line("event", note)), Clock.systemUTC());
        } catch (Exception | OutOfMemoryError e) {
            result = TrialResult.failed(e instanceof OutOfMemoryError ? StopReason.OUT_OF_MEMORY : StopReason.ERROR,
                    e.getClass().getSimpleName() + ": " + e.getMessage(), List.of());
        }
        out.println(WorkerProtocol.line("result", result));
        out.flush();
        System.exit(0);
    }
}
