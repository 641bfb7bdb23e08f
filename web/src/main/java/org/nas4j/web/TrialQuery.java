package org.nas4j.web;

import org.nas4j.core.TrialState;

/**
 * Which page of trials to read: {@code page} from 0, {@code size} from 1 to {@value #MAX_SIZE}, sorted by
 * {@code sort} (ties by id, in the same direction), only trials in {@code state} or every state when null.
 * Immutable; the dashboard builds it from checked request parameters.
 */
public record TrialQuery(int page, int size, TrialSort sort, boolean descending, TrialState state) {
    public static final int MAX_SIZE = 500;
    public static final int DEFAULT_SIZE = 25;

    public TrialQuery {
        if (page < 0 || size < 1 || size > MAX_SIZE || sort == null) {
            throw new IllegalArgumentException("bad trial query: page " + page + ", size " + size + ", sort " + sort);
        }
    }

    /** The offset of the first row of the page. */
    public long offset() {
        return (long) page * size;
    }
}
