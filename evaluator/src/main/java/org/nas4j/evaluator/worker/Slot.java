package org.nas4j.evaluator.worker;

import java.util.Map;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.Provenance;

/**
 * A place a trial runs: a share of the CPU cores ({@code threads}) or one GPU ({@code gpu} >= 0, -1 for CPU).
 * {@link #environment()} is what a worker process needs to stay in its place.
 */
public record Slot(int index, int gpu, int threads) {
    public String device() {
        return gpu < 0 ? "cpu" : "cuda:" + gpu;
    }

    /** A trial that {@code worker} runs in this slot, on this host. */
    public Provenance provenance(String worker) {
        return provenance(worker, device(), threads);
    }

    /** A trial that {@code worker} runs on {@code device} with {@code threads} CPU threads, on this host, with this build. */
    public static Provenance provenance(String worker, String device, int threads) {
        return Provenance.here(worker, device, threads, Dl4jRuntime.nas4jVersion(), Dl4jRuntime.dl4jVersion());
    }

    public Map<String, String> environment() {
        return gpu < 0
                ? Map.of("OMP_NUM_THREADS", String.valueOf(threads))
                : Map.of("CUDA_VISIBLE_DEVICES", String.valueOf(gpu), "OMP_NUM_THREADS", String.valueOf(threads));
    }
}
