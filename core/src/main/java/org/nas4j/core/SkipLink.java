package org.nas4j.core;

/**
 * Marks a binary decision as a skip connection into searchable layer {@code layer} from the earlier
 * layer {@code from} (0 is the stem). Strategies may treat such decisions specially (ENAS attention).
 */
public record SkipLink(int layer, int from) {
    public SkipLink {
        if (from < 0 || from >= layer) {
            throw new IllegalArgumentException("skip link must go from an earlier layer: " + from + " -> " + layer);
        }
    }
}
