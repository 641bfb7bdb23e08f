package org.nas4j.daemon.web;

import org.nas4j.daemon.search.SearchControl;
import org.nas4j.web.ExperimentControls;

/**
 * The dashboard's controls over the one search this daemon runs: pause and resume reach its {@link SearchControl},
 * which records the status; stop ends the search as Ctrl-C does. Any other experiment is not controlled here (the
 * dashboard answers 404). Thread-safe (the loop's controls are).
 */
public final class LoopControls implements ExperimentControls {
    private final String experiment;
    private final SearchControl loop;

    public LoopControls(String experiment, SearchControl loop) {
        this.experiment = experiment;
        this.loop = loop;
    }

    @Override
    public boolean pause(String name) {
        return act(name, () -> loop.pause(true));
    }

    @Override
    public boolean resume(String name) {
        return act(name, () -> loop.pause(false));
    }

    @Override
    public boolean stop(String name) {
        return act(name, loop::stop);
    }

    private boolean act(String name, Runnable action) {
        if (!experiment.equals(name)) {
            return false;
        }
        action.run();
        return true;
    }
}
