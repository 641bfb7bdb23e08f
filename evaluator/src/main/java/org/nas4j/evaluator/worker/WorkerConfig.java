package org.nas4j.evaluator.worker;

import java.util.List;
import java.util.Set;
import org.nas4j.core.config.ConfigNode;

/**
 * The {@code workers} section of an experiment file: where and how trials run. Immutable.
 *
 * @param isolated       each trial in its own worker JVM (default) rather than in the caller's
 * @param count          trials at once on CPU (the cores are split between them); with GPUs, one per GPU
 * @param gpus           CUDA device ids (needs the CUDA build); empty for CPU
 * @param memoryGb       memory limit of one worker: Java heap plus ND4J's off-heap arrays
 * @param timeoutSeconds a worker running longer is killed and its trial fails with reason {@code timeout}
 */
public record WorkerConfig(boolean isolated, int count, List<Integer> gpus, double memoryGb, double timeoutSeconds) {
    public WorkerConfig {
        gpus = List.copyOf(gpus);
    }

    public static WorkerConfig defaults() {
        return new WorkerConfig(true, 1, List.of(), 6, 2 * 3600);
    }

    public static WorkerConfig from(ConfigNode experiment) {
        WorkerConfig d = defaults();
        var section = experiment.optionalSection("workers");
        if (section.isEmpty()) {
            return d;
        }
        ConfigNode w = section.get();
        w.allowOnly(Set.of("isolation", "count", "gpus", "memory_gb", "timeout_minutes"));
        String isolation = w.getNames("isolation", List.of("process"), Set.of("process", "in_process")).get(0);
        return new WorkerConfig("process".equals(isolation), w.getInt("count", d.count, 1, 256),
                w.getInts("gpus", List.of(), 0, 1023), w.getDouble("memory_gb", d.memoryGb, 0.5, 4096),
                w.getDouble("timeout_minutes", d.timeoutSeconds / 60, 0.05, 1e6) * 60);
    }

    public long memoryBytes() {
        return (long) (memoryGb * (1L << 30));
    }
}
