package org.nas4j.controller;

/**
 * A SplitMix64 random generator whose whole state is one long, so that a strategy can save and restore
 * it exactly (java.util's generators hide their state). Not thread-safe.
 */
final class SplitMix {
    private long state;

    SplitMix(long seed) {
        this.state = seed;
    }

    long state() {
        return state;
    }

    void state(long s) {
        state = s;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        return (int) Math.floorMod(nextLong(), (long) bound);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }
}
