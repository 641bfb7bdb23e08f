package org.nas4j.spark;

import java.nio.file.Path;
import java.util.List;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Evaluator;
import org.nas4j.core.UserError;
import org.nas4j.daemon.search.SearchProblem;
import org.nas4j.daemon.search.TrialExecutor;
import org.nas4j.evaluator.prune.CurveLog;
import org.nas4j.evaluator.prune.PrunerFeed;

/** {@code executor: spark}: trials as single-task jobs of one Spark application per run. Stateless. */
public final class SparkExecutor implements TrialExecutor {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public void validate(SearchProblem problem) {
        SparkSettings.from(problem.config());
        if (problem instanceof SearchProblem.Trained trained) {
            var workers = trained.experiment().workers();
            if (!workers.isolated()) {
                throw problem.config().error("workers.isolation", "is in_process, but on Spark every trial runs in a "
                        + "worker process of its executor: remove it");
            }
            if (!workers.gpus().isEmpty()) {
                throw problem.config().error("workers.gpus", "lists this machine's GPUs, but on Spark the cluster hands "
                        + "them out: remove it, set spark.properties.spark.task.resource.gpu.amount: 1 and workers.count "
                        + "to the trials at once");
            }
        }
    }

    @Override
    public Evaluator open(SearchProblem problem, Path logDir, List<List<EpochMetrics>> finishedCurves) {
        SparkSettings settings = SparkSettings.from(problem.config());
        try {
            var curves = new CurveLog();
            var spark = new SparkEvaluator(problem, settings, logDir, curves);
            return problem.tabular() ? spark : PrunerFeed.of(spark, curves, finishedCurves); // a table is not pruned
        } catch (UserError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UserError("cannot start the Spark application on " + settings.master()
                    + ": " + e.getMessage() + "; check spark.master and spark.properties", e);
        }
    }
}
