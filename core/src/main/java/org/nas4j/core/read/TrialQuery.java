package org.nas4j.core.read;

import org.nas4j.core.TrialState;

/**
 * Which page of an experiment's trials to read: {@code page} from 0, {@code size} from 1 to {@value #MAX_SIZE},
 * sorted by {@code sort} (ties by id, in the same direction), only trials in {@code state} or every state when null.
 * Immutable.
 *
 * @throws IllegalArgumentException naming the bad parameter (page, size or sort)
 */
public record TrialQuery(int page, int size, TrialSort sort, boolean descending, TrialState state) {
    public static final int MAX_SIZE = 500;
    public static final int DEFAULT_SIZE = 25;

    public TrialQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, not " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be from 1 to " + MAX_SIZE + ", not " + size);
        }
        if (sort == null) {
            throw new IllegalArgumentException("sort must be one of " + TrialSort.ids());
        }
    }

    /** The offset of the first row of the page. */
    public long offset() {
        return (long) page * size;
    }
}
