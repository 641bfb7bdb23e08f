package org.nas4j.daemon.search;

/** What the dashboard and the signal handlers may do to a running search. Thread-safe. */
public interface SearchControl {
    /** Stops the search cleanly: nothing already stored is lost, and {@code nas resume} continues it. */
    void stop();

    /** Pauses (true) or resumes (false): a paused search starts nothing new and its status says {@code paused}. */
    void pause(boolean pause);
}
