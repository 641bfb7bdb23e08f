package org.nas4j.core;

/** Why a trial's training stopped; {@link #id} is the name stored and shown. */
public enum StopReason {
    /** Ran its maximum number of epochs. */
    MAX_EPOCHS("max_epochs", TrialState.COMPLETED),
    /** Validation accuracy stopped improving (patience ran out). */
    EARLY_STOPPED("early_stopped", TrialState.COMPLETED),
    /** Reached its maximum training time; its best epoch so far counts. */
    MAX_TIME("max_time", TrialState.COMPLETED),
    /** Behind the median of earlier trials at the same epoch. */
    PRUNED("pruned", TrialState.PRUNED),
    /** The loss became NaN or exploded. */
    DIVERGED("diverged", TrialState.FAILED),
    /** Ran out of memory, also with half the batch. */
    OUT_OF_MEMORY("out_of_memory", TrialState.FAILED),
    /** Its estimated memory does not fit the device, even with a smaller batch. */
    TOO_LARGE("too_large", TrialState.FAILED),
    /** The worker did not finish within the per-trial timeout and was killed. */
    TIMEOUT("timeout", TrialState.FAILED),
    /** The worker process died (a native crash, a kill signal). */
    CRASHED("crashed", TrialState.FAILED),
    /** Its executor was lost (or its task failed) on every retry the search loop allows. */
    LOST("lost", TrialState.FAILED),
    /** Any other error while training. */
    ERROR("error", TrialState.FAILED);

    public final String id;
    public final TrialState state;

    StopReason(String id, TrialState state) {
        this.id = id;
        this.state = state;
    }

    public static StopReason byId(String id) {
        for (StopReason r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown stop reason " + id);
    }
}
