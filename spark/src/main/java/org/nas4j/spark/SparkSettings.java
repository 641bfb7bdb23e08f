package org.nas4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.nas4j.core.config.ConfigNode;

/**
 * The {@code spark} section of an experiment file. Immutable.
 *
 * @param master        {@code local[N]}, {@code spark://host:port} (standalone) or {@code k8s://https://host:port}
 * @param properties    Spark properties passed through as they are ({@code spark.executor.memory},
 *                      {@code spark.task.resource.gpu.amount}, ...)
 * @param checkpointDir a folder that every executor sees at the same path, where trials checkpoint each epoch
 *                      and a lost trial resumes from; null: on a cluster, a trial runs again from its first epoch
 */
public record SparkSettings(String master, Map<String, String> properties, String checkpointDir) {
    static final Pattern MASTER = Pattern.compile("local(\\[(\\d+|\\*)(,\\d+)?])?|local-cluster\\[\\d+,\\d+,\\d+]"
            + "|spark://[^\\s/,:]+:\\d+(,[^\\s/,:]+:\\d+)*|k8s://\\S+");
    static final String TASK_GPUS = "spark.task.resource.gpu.amount";
    static final String EXECUTOR_GPUS = "spark.executor.resource.gpu.amount";

    public SparkSettings {
        properties = Map.copyOf(properties);
    }

    public static SparkSettings from(ConfigNode experiment) {
        if (!experiment.has("spark")) {
            throw experiment.error("spark", "is missing: executor: spark needs a spark section with a master "
                    + "(local[2], spark://host:7077 or k8s://https://host:6443)");
        }
        ConfigNode s = experiment.section("spark");
        s.allowOnly(Set.of("master", "properties", "checkpoint_dir"));
        String master = s.getString("master");
        if (!MASTER.matcher(master).matches()) {
            throw s.error("master", "\"" + master + "\" is not a Spark master: use local[N], spark://host:port "
                    + "(standalone) or k8s://https://host:port (Kubernetes)");
        }
        var properties = new LinkedHashMap<String, String>();
        if (s.has("properties")) {
            ConfigNode p = s.section("properties");
            p.json().fields().forEachRemaining(f -> properties.put(f.getKey(), value(p, f.getKey(), f.getValue())));
        }
        if (properties.containsKey("spark.master") || properties.containsKey("spark.app.name")) {
            throw s.error("properties", "sets spark.master or spark.app.name: give the master as spark.master "
                    + "and leave the application's name to nas4j");
        }
        String taskGpus = properties.get(TASK_GPUS);
        if (taskGpus != null && !"1".equals(taskGpus)) {
            throw s.error("properties." + TASK_GPUS, "must be 1, not " + taskGpus + ": each trial gets a GPU of its own");
        }
        if (taskGpus != null && master.startsWith("local")) {
            throw s.error("properties." + TASK_GPUS, "needs a cluster: Spark's " + master + " master hands out no GPUs "
                    + "(its tasks would wait for ever): use spark://host:port (a standalone cluster, also on one machine), "
                    + "or executor: local with workers.gpus");
        }
        if (taskGpus == null && properties.containsKey(EXECUTOR_GPUS)) {
            throw s.error("properties." + EXECUTOR_GPUS, "is set without " + TASK_GPUS + ": add " + TASK_GPUS
                    + ": 1 so that each trial gets a GPU of its own");
        }
        return new SparkSettings(master, properties, s.has("checkpoint_dir") ? s.getString("checkpoint_dir") : null);
    }

    private static String value(ConfigNode p, String key, JsonNode v) {
        if (!key.startsWith("spark.")) {
            throw p.error(key, "is not a Spark property: Spark properties start with spark.");
        }
        if (!v.isValueNode() || v.isNull()) {
            throw p.error(key, "must be a text, a number or true/false");
        }
        return v.asText();
    }

    /** True for masters whose executors run on this machine (so they see the daemon's run folder). */
    public boolean local() {
        return master.startsWith("local");
    }
}
