package org.nas4j.evaluator.worker;

import java.util.Map;

/**
 * A place a trial runs: a share of the CPU cores ({@code threads}) or one GPU ({@code gpu} >= 0, -1 for CPU).
 * {@link #environment()} is what a worker process needs to stay in its place.
 */
public record Slot(int index, int gpu, int threads) {
    public String device() {
        return gpu < 0 ? "cpu" : "cuda:" + gpu;
    }

    public Map<String, String> environment() {
        return gpu < 0
                ? Map.of("OMP_NUM_THREADS", String.valueOf(threads))
                : Map.of("CUDA_VISIBLE_DEVICES", String.valueOf(gpu), "OMP_NUM_THREADS", String.valueOf(threads));
    }
}
