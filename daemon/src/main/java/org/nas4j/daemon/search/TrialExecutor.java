package org.nas4j.daemon.search;

import java.nio.file.Path;
import java.util.List;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Evaluator;

/**
 * Where trials run other than this machine's worker slots, named in the experiment file's {@code executor}
 * field and found by {@link java.util.ServiceLoader} (a module on the class path provides it, as
 * {@code nas4j-spark} provides {@code spark}). Implementations are stateless and thread-safe.
 */
public interface TrialExecutor {
    /** The name an experiment file gives in {@code executor:}. */
    String name();

    /**
     * Checks the executor's own section of the experiment and what it rules out; called by
     * {@link SearchProblem#from} before anything is stored. Throws a one-line {@link org.nas4j.core.UserError}.
     */
    void validate(SearchProblem problem);

    /**
     * Opens the evaluator for one run of the experiment (it may hold a cluster application open until
     * {@link Evaluator#close()}); the caller calls {@link Evaluator#evaluate} from
     * {@link SearchProblem#concurrency()} threads at once. Worker logs go to {@code logDir} where it is local;
     * {@code finishedCurves} are the curves of the trials finished in earlier runs, for the pruner.
     */
    Evaluator open(SearchProblem problem, Path logDir, List<List<EpochMetrics>> finishedCurves);
}
