package org.nas4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.nas4j.core.EpochListener;
import org.nas4j.core.Provenance;
import org.nas4j.core.Evaluator;
import org.nas4j.core.Json;
import org.nas4j.core.StopReason;
import org.nas4j.core.Trial;
import org.nas4j.core.TrialLostException;
import org.nas4j.core.TrialResult;
import org.nas4j.core.UserError;
import org.nas4j.daemon.search.SearchProblem;
import org.nas4j.daemon.search.StoreJournal;
import org.nas4j.evaluator.prune.CurveLog;
import org.nas4j.evaluator.prune.PrunerFeed;
import org.nas4j.evaluator.worker.WorkerMain;

/**
 * The driver side: one Spark application for the run; each {@link #evaluate} submits its trial as a
 * one-task job and blocks until that job ends, so trials run concurrently on as many calling threads as the
 * experiment's concurrency and each result comes back as soon as its task ends. A trial's learning curve and
 * events come back with its result (the store gets the curve when the trial ends, not epoch by epoch); the
 * executor's pruner knows the curves finished when the trial was submitted. A lost executor or a failed task
 * is a {@link TrialLostException}. Thread-safe.
 */
final class SparkEvaluator implements Evaluator {
    private final SearchProblem problem;
    private final SparkSettings settings;
    private final Path logDir;
    private final JavaSparkContext spark;
    private final ExecutorLoss losses;
    private final CurveLog finishedCurves;
    private final AtomicLong jobs = new AtomicLong();

    /** @param finishedCurves the curves the executors' pruners know: fed by a {@link PrunerFeed} around this evaluator */
    SparkEvaluator(SearchProblem problem, SparkSettings settings, Path logDir, CurveLog finishedCurves) {
        this.finishedCurves = finishedCurves;
        this.problem = problem;
        this.settings = settings;
        this.logDir = logDir;
        var conf = new SparkConf().setMaster(settings.master())
                .setAppName("nas4j " + problem.config().getString("name", "experiment"))
                .set("spark.task.maxFailures", "1"); // the search loop owns retries, the store owns the state
        settings.properties().forEach(conf::set);
        this.spark = new JavaSparkContext(conf);
        this.losses = new ExecutorLoss(spark::cancelJobGroup);
        spark.sc().addSparkListener(losses);
    }

    @Override
    public TrialResult evaluate(Trial trial, EpochListener listener) {
        String group = "nas4j-trial-" + trial.id() + "-" + jobs.incrementAndGet();
        Trial sent = new Trial(trial.id(), trial.architecture(), trial.seed(), checkpointDir(trial));
        JavaFutureAction<List<String>> job;
        try {
            spark.setJobGroup(group, "nas4j trial " + trial.id(), true);
            job = spark.parallelize(List.of(Json.write(request(sent))), 1).map(TrialTask::run).collectAsync();
        } catch (IllegalStateException e) {
            if (spark.sc().isStopped()) {
                throw new UserError("the Spark application on " + settings.master() + " has stopped (a master that does "
                        + "not answer, or the cluster ended it; see Spark's log above): check spark.master and the "
                        + "cluster, then run nas resume " + problem.config().getString("name", "experiment"), e);
            }
            throw e;
        }
        try {
            JsonNode response = Json.read(job.get().get(0), "spark trial response");
            TrialResult result = Json.MAPPER.treeToValue(response.get("result"), TrialResult.class);
            if (response.hasNonNull("provenance")) {
                listener.ranOn(trial, Json.MAPPER.treeToValue(response.get("provenance"), Provenance.class));
            }
            response.get("events").forEach(e -> listener.onEvent(trial, e.asText()));
            listener.onEvent(trial, "ran on Spark executor " + response.get("executor").asText() + " on "
                    + response.get("host").asText() + (response.get("gpu").isNull() ? "" : ", GPU " + response.get("gpu").asText()));
            if (sent.checkpointDir() != null && !sent.checkpointDir().equals(trial.checkpointDir())) {
                StoreJournal.deleteQuietly(Path.of(sent.checkpointDir()));
            }
            return result;
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
            return TrialResult.failed(StopReason.ERROR, "interrupted; its Spark job was cancelled", List.of());
        } catch (ExecutionException e) {
            String lost = losses.lost(group);
            throw new TrialLostException(lost != null ? lost : "its Spark task failed: " + firstLine(e.getCause()), e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable response of a Spark task: " + e.getMessage(), e);
        } finally {
            losses.forget(group);
        }
    }

    private ObjectNode request(Trial trial) {
        ObjectNode r = WorkerMain.request(problem.config(), trial, 0);
        r.put("source", problem.file().toAbsolutePath().toString());
        r.put("logDir", settings.local() ? logDir.toAbsolutePath().toString() : "nas4j-logs");
        r.set("finishedCurves", Json.MAPPER.valueToTree(finishedCurves.curves()));
        return r;
    }

    /** The daemon's checkpoint folder on a local master, the shared one if configured, else none. */
    private String checkpointDir(Trial trial) {
        if (trial.checkpointDir() == null || settings.local()) {
            return trial.checkpointDir();
        }
        return settings.checkpointDir() == null ? null : Path.of(settings.checkpointDir())
                .resolve(problem.config().getString("name", "experiment")).resolve("trial-" + trial.id()).toString();
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    @Override
    public void close() {
        spark.stop();
    }
}
