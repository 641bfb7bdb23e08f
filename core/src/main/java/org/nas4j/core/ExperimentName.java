package org.nas4j.core;

import java.util.regex.Pattern;

/**
 * The one rule for experiment names: they appear in URLs, folder names and terminal tables, so they are
 * {@value #RULE} without {@code ..}. Stateless.
 */
public final class ExperimentName {
    public static final String RULE = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";
    private static final Pattern PATTERN = Pattern.compile(RULE);

    private ExperimentName() {}

    public static boolean valid(String name) {
        return name != null && PATTERN.matcher(name).matches() && !name.contains("..");
    }

    /**
     * Returns {@code name} when it follows the rule, else a UserError quoting it (control characters shown
     * as {@code ?}, at most 40 characters) and the rule; {@code where} says where it came from, e.g. "--name".
     */
    public static String check(String name, String where) {
        if (valid(name)) {
            return name;
        }
        throw new UserError("experiment name '" + printable(name, 40) + "' (" + where + ") is not allowed: use 1 to 100 "
                + "letters, digits, '.', '_' or '-', starting with a letter or digit, without '..' (" + RULE + ")");
    }

    /** {@code text} with control characters as {@code ?}, cut to {@code max} characters with "...": safe to print. */
    public static String printable(String text, int max) {
        String s = String.valueOf(text).replaceAll("\\p{Cntrl}", "?");
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
