package org.nas4j.core.read;

import java.util.Arrays;
import java.util.List;

/** The columns a trial table sorts by; ties are always broken by trial id. */
public enum TrialSort {
    ID("id"), REWARD("reward"), PARAMS("params"), FLOPS("flops"), CREATED("created");

    /** The name used in URLs ({@code ?sort=reward}). */
    public final String id;

    TrialSort(String id) {
        this.id = id;
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(s -> s.id).toList();
    }

    /** The sort named {@code id}, or null when there is none. */
    public static TrialSort byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst().orElse(null);
    }
}
