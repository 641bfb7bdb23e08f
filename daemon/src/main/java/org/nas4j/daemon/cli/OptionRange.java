package org.nas4j.daemon.cli;

import org.nas4j.core.UserError;

/** The one check of a whole-number option's range, with the one message every command gives. Stateless. */
final class OptionRange {
    private OptionRange() {}

    /** {@code value}, or a UserError "OPTION must be from MIN to MAX, not VALUE". */
    static int check(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UserError(option + " must be from " + min + " to " + max + ", not " + value);
        }
        return value;
    }
}
