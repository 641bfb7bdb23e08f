package org.nas4j.core.read;

/** A skip connection between two rows of a network summary: {@code from} feeds {@code to}, both row indexes. */
public record LayerLink(int from, int to) {
    public LayerLink {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("a skip link goes forward between rows: " + from + " -> " + to);
        }
    }
}
