package org.nas4j.web;

/**
 * The control actions of the dashboard, implemented by the daemon that runs the search. Called on a request
 * thread only after the caller's token was checked; must be thread-safe and return promptly (the action may
 * complete later, e.g. a running trial finishes before the search pauses).
 */
public interface ExperimentControls {
    /** Pauses the experiment after its running trials; false when there is no such experiment. */
    boolean pause(String experiment);

    /** Resumes a paused experiment; false when there is no such experiment. */
    boolean resume(String experiment);

    /** Stops the experiment for good (it can be resumed later by {@code nas search}); false when there is no such experiment. */
    boolean stop(String experiment);

    /** Controls for a dashboard without a search ({@code nas serve}): nothing can be controlled. */
    static ExperimentControls none() {
        return new ExperimentControls() {
            @Override public boolean pause(String experiment) { return false; }
            @Override public boolean resume(String experiment) { return false; }
            @Override public boolean stop(String experiment) { return false; }
        };
    }
}
