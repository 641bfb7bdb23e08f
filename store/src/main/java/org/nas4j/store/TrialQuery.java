package org.nas4j.store;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nas4j.core.TrialState;

/**
 * Which page of an experiment's trials to read: {@code page} from 0, {@code size} from 1 to {@value #MAX_SIZE},
 * sorted by one of {@link #SORTS} (ties broken by id), optionally only the trials in {@code state} (null for all).
 * Immutable.
 *
 * @throws IllegalArgumentException naming the bad parameter (page, size, sort or state)
 */
public record TrialQuery(int page, int size, String sort, boolean descending, TrialState state) {
    public static final int MAX_SIZE = 1000;
    public static final int DEFAULT_SIZE = 50;
    public static final List<String> SORTS = List.of("id", "reward", "params", "flops", "created");

    public TrialQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, not " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be from 1 to " + MAX_SIZE + ", not " + size);
        }
        if (sort == null || !SORTS.contains(sort)) {
            throw new IllegalArgumentException("sort must be one of " + SORTS + " (prefix - for descending), not " + sort);
        }
    }

    /** The first page of all trials by id, newest first. */
    public static TrialQuery first() {
        return new TrialQuery(0, DEFAULT_SIZE, "id", true, null);
    }

    /**
     * A query from the strings of a request ({@code ?page=&size=&sort=&state=}); a null or blank parameter
     * takes its default (page 0, size {@value #DEFAULT_SIZE}, sort {@code -id}, every state). {@code sort} is a
     * column, descending with a leading {@code -} ({@code -reward}); {@code state} a state name in any case.
     *
     * @throws IllegalArgumentException naming the bad parameter
     */
    public static TrialQuery parse(String page, String size, String sort, String state) {
        String s = blank(sort) ? "-id" : sort.strip();
        boolean descending = s.startsWith("-");
        return new TrialQuery(number("page", page, 0), number("size", size, DEFAULT_SIZE),
                descending ? s.substring(1) : s, descending, state(state));
    }

    private static int number(String name, String value, int otherwise) {
        if (blank(value)) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not " + value);
        }
    }

    private static TrialState state(String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return TrialState.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state must be one of " + Arrays.stream(TrialState.values())
                    .map(t -> t.name().toLowerCase(Locale.ROOT)).toList() + ", not " + value);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The ORDER BY column of {@link #sort}. */
    String column() {
        return sort.equals("created") ? "created_at" : sort;
    }
}
