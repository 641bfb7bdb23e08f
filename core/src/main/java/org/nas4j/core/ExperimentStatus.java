package org.nas4j.core;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The statuses of an experiment, stored by their {@link #id()}: {@code created -> running <-> paused}; a stop asked
 * of a running or paused search goes through {@code stopping} (trials being interrupted) to {@code stopped}; a search
 * ends {@code finished} (its budget spent) or {@code failed}; any ended experiment can run again ({@code nas resume}),
 * and so can one whose daemon died while stopping.
 * Setting the status it already has is allowed (it changes nothing but the time stamp). Nothing else.
 */
public enum ExperimentStatus {
    CREATED, RUNNING, PAUSED, STOPPING, STOPPED, FINISHED, FAILED;

    /** The lower-case name stored and shown. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return id();
    }

    public boolean ended() {
        return this == STOPPED || this == FINISHED || this == FAILED;
    }

    public Set<ExperimentStatus> next() {
        Set<ExperimentStatus> next = switch (this) {
            case CREATED -> EnumSet.of(RUNNING, PAUSED, STOPPED, FAILED);
            case RUNNING, PAUSED -> EnumSet.of(RUNNING, PAUSED, STOPPING, STOPPED, FINISHED, FAILED);
            case STOPPING -> EnumSet.of(STOPPED, FINISHED, FAILED, RUNNING, PAUSED);
            case STOPPED, FINISHED, FAILED -> EnumSet.of(RUNNING, PAUSED);
        };
        next.add(this);
        return next;
    }

    /** Checks a transition. @throws IllegalStateException when it is not allowed */
    public ExperimentStatus to(ExperimentStatus target) {
        if (!next().contains(target)) {
            throw new IllegalStateException("an experiment cannot go from " + this + " to " + target);
        }
        return target;
    }

    /** The status stored as {@code id}. @throws IllegalArgumentException naming the statuses there are */
    public static ExperimentStatus of(String id) {
        for (ExperimentStatus s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("status must be one of " + java.util.Arrays.stream(values()).map(ExperimentStatus::id).toList()
                + ", not " + id);
    }
}
