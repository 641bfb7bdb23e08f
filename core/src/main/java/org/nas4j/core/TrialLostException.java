package org.nas4j.core;

/**
 * Thrown by an {@link Evaluator} when the place a trial ran on was lost before it gave a result (a cluster
 * executor died, its task failed): not the trial's own failure. The search loop puts the trial back to
 * PENDING and runs it again, up to a bounded number of times, then records it FAILED with reason
 * {@link StopReason#LOST} and this message.
 */
public class TrialLostException extends RuntimeException {
    public TrialLostException(String message) {
        super(message);
    }

    public TrialLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
