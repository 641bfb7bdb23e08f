package org.nas4j.core;

/**
 * A problem the user can fix: a malformed file, an unknown name, a missing dataset. Its message is one
 * line that names the problem and the fix; command lines print it without a stack trace.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
