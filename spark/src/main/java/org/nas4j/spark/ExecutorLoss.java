package org.nas4j.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Watches which executor runs each trial's job (by job group) and, when an executor is removed, cancels the
 * jobs of the trials it ran and remembers why, so that their evaluations end as lost rather than waiting
 * for Spark to run the task again somewhere. Called on Spark's listener thread; thread-safe.
 */
final class ExecutorLoss extends SparkListener {
    private final Map<Integer, String> stageGroups = new ConcurrentHashMap<>();
    private final Map<String, String> groupExecutors = new ConcurrentHashMap<>();
    private final Map<String, String> lost = new ConcurrentHashMap<>();
    private final Consumer<String> cancelGroup;

    ExecutorLoss(Consumer<String> cancelGroup) {
        this.cancelGroup = cancelGroup;
    }

    @Override
    public void onJobStart(SparkListenerJobStart job) {
        String group = job.properties() == null ? null : job.properties().getProperty("spark.jobGroup.id");
        if (group != null) {
            CollectionConverters.asJava(job.stageIds()).forEach(stage -> stageGroups.put((Integer) stage, group));
        }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart task) {
        String group = stageGroups.get(task.stageId());
        if (group != null) {
            groupExecutors.put(group, task.taskInfo().executorId());
        }
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        groupExecutors.forEach((group, executor) -> {
            if (executor.equals(removed.executorId())) {
                lost.put(group, "Spark executor " + executor + " was lost: " + removed.reason());
                cancelGroup.accept(group);
            }
        });
    }

    /** Why the trial of {@code group} was lost, or null if its executor was not. */
    String lost(String group) {
        return lost.get(group);
    }

    /** Forgets a finished job group. */
    void forget(String group) {
        stageGroups.values().removeIf(group::equals);
        groupExecutors.remove(group);
        lost.remove(group);
    }
}
