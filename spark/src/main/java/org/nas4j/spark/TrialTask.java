package org.nas4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.EpochListener;
import org.nas4j.core.Provenance;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Evaluator;
import org.nas4j.core.Json;
import org.nas4j.core.Pruner;
import org.nas4j.core.Trial;
import org.nas4j.core.TrialResult;
import org.nas4j.core.UserError;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.daemon.search.SearchProblem;
import org.nas4j.evaluator.prune.PrunerFeed;
import org.nas4j.evaluator.worker.ProcessEvaluator;
import org.nas4j.evaluator.worker.Slot;
import org.nas4j.evaluator.worker.SlotPool;
import org.nas4j.evaluator.worker.WorkerMain;

/**
 * The executor side: runs one trial of a {@link SparkEvaluator} request in a Spark task. A CNN trial trains in
 * the evaluator's worker process (so a crash fails the trial, not the executor) on the task's GPU, if Spark
 * gave it one ({@code CUDA_VISIBLE_DEVICES}), with {@code spark.task.cpus} threads; a table is looked up here.
 * The experiment is read once per executor JVM.
 */
final class TrialTask {
    private static final Map<String, SearchProblem> PROBLEMS = new ConcurrentHashMap<>();

    static {
        // an executor that exits (its worker was killed) takes its trials' worker processes with it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                .forEach(ProcessHandle::destroyForcibly)));
    }

    private TrialTask() {}

    static String run(String requestJson) throws Exception {
        JsonNode r = Json.read(requestJson, "spark trial request");
        String source = r.get("source").asText();
        SearchProblem problem = PROBLEMS.computeIfAbsent(source + "\n" + r.get("experiment"),
                k -> SearchProblem.from(Path.of(source), ConfigNode.of(r.get("experiment"), source)));
        Trial trial = WorkerMain.trial(r);
        Path logDir = Path.of(r.get("logDir").asText());
        TaskContext task = TaskContext.get();
        ResourceInformation gpus = task.resourcesJMap().get("gpu");
        String gpu = gpus == null || gpus.addresses().length == 0 ? null : gpus.addresses()[0];
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        var where = new java.util.concurrent.atomic.AtomicReference<Provenance>();
        EpochListener listener = new EpochListener() {
            @Override
            public boolean onEpoch(Trial t, EpochMetrics metrics) {
                return true; // the curve comes back with the result; pruning is the evaluator's pruner's
            }

            @Override
            public void onEvent(Trial t, String message) {
                events.add(message);
            }

            @Override
            public void ranOn(Trial t, Provenance p) {
                where.set(p.by("Spark executor " + SparkEnv.get().executorId() + ", " + p.worker()));
            }
        };
        if (gpu != null && !"cuda".equals(Dl4jRuntime.backend())) {
            events.add("Spark gave this trial GPU " + gpu + ", but this nas4j is the CPU build: it trains on the CPU");
        }
        TrialResult result;
        try (Evaluator evaluator = problem instanceof SearchProblem.Trained trained
                ? workers(trained, r, gpu, task.cpus(), logDir) : problem.localEvaluator(logDir, List.of())) {
            result = evaluator.evaluate(trial, listener);
        }
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.set("result", Json.MAPPER.valueToTree(result));
        response.set("events", Json.MAPPER.valueToTree(events));
        response.put("executor", SparkEnv.get().executorId());
        response.put("host", Provenance.localHost());
        response.set("provenance", Json.MAPPER.valueToTree(where.get()));
        response.put("gpu", gpu);
        return Json.write(response);
    }

    /** A worker process on one slot: the task's GPU (or the CPU) and its cores; the pruner knows the finished curves. */
    private static Evaluator workers(SearchProblem.Trained problem, JsonNode r, String gpu, int cpus, Path logDir) throws Exception {
        var experiment = problem.experiment();
        List<List<EpochMetrics>> curves = new java.util.ArrayList<>();
        for (JsonNode curve : r.get("finishedCurves")) {
            curves.add(List.of(Json.MAPPER.treeToValue(curve, EpochMetrics[].class)));
        }
        Pruner pruner = experiment.pruner();
        if (gpu != null && !gpu.matches("\\d{1,4}")) {
            throw new UserError("Spark gave this task GPU \"" + gpu + "\", which is not a CUDA device number: make the "
                    + "GPU discovery script print device indices (0, 1, ...)");
        }
        var slot = new Slot(0, gpu == null ? -1 : Integer.parseInt(gpu), Math.max(1, cpus));
        return PrunerFeed.of(new ProcessEvaluator(experiment.config(), experiment.workers(), new SlotPool(List.of(slot)),
                pruner, logDir, classPath(), Clock.systemUTC()), pruner, curves);
    }

    /** This JVM's class path plus the jars Spark added to the task's class loader ({@code spark.jars}). */
    static String classPath() {
        var parts = new ArrayList<>(List.of(System.getProperty("java.class.path")));
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            for (var url : loader.getURLs()) {
                if ("file".equals(url.getProtocol())) {
                    parts.add(Path.of(java.net.URI.create(url.toString())).toString());
                }
            }
        }
        return String.join(java.io.File.pathSeparator, parts);
    }
}
