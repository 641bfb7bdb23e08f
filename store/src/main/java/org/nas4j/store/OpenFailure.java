package org.nas4j.store;

import java.sql.SQLException;
import org.flywaydb.core.api.exception.FlywayValidateException;

/** Turns why H2 or Flyway could not open a database into one line that names the database and the fix. */
final class OpenFailure {
    /** H2's error codes. */
    static final int IN_USE = 90020;
    private static final int IO_ERROR = 90028;
    private static final int CORRUPT = 90030;
    private static final int OLD_FORMAT = 90048;
    private static final int CONNECTION_BROKEN = 90067;

    private OpenFailure() {}

    static String describe(H2Url url, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FlywayValidateException) {
                return "database " + url.name() + " does not match the schema migrations of this nas4j (" + firstLine(t)
                        + "): open it with the nas4j that wrote it, or give another --db";
            }
            if (t instanceof org.flywaydb.core.api.FlywayException && String.valueOf(t.getMessage()).startsWith("Migration ")) {
                return "database " + url.name() + " could not be upgraded to this nas4j's schema (" + firstLine(t) + "): "
                        + restoreAdvice(url);
            }
            if (String.valueOf(t.getMessage()).contains("but no schema history table")) {
                return "database " + url.name() + " already holds tables that are not nas4j's: give another --db";
            }
            if (t instanceof SQLException sql) {
                switch (sql.getErrorCode()) {
                    case IN_USE:
                        return "database " + url.name() + " is in use by another nas process (a search daemon or a dashboard "
                                + "opened it without AUTO_SERVER): stop that process, or drop ;AUTO_SERVER=FALSE from both --db URLs";
                    case CORRUPT:
                    case IO_ERROR:
                        return "database " + url.name() + " is corrupt or unreadable: " + restoreAdvice(url);
                    case OLD_FORMAT:
                        return "database " + url.name() + " was written by an older H2 (1.x) that this nas4j cannot read: "
                                + "export it with that H2's Script tool and import it, or give another --db";
                    case CONNECTION_BROKEN:
                        return "cannot reach database " + url.name() + ": start its H2 server, or check the host and port in --db";
                    default:
                        break;
                }
            }
        }
        return "cannot open database " + url.name() + ": " + firstLine(e);
    }

    /** The exact command that restores the newest backup, or where there is none. */
    static String restoreAdvice(H2Url url) {
        var backups = Backups.of(url);
        var newest = backups.flatMap(Backups::newest);
        if (newest.isPresent()) {
            return "restore its newest backup (taken " + Backups.takenAt(newest.get()) + ") with: nas restore " + newest.get()
                    + " --db " + url.given();
        }
        return "move the file away (nas4j then starts a new one) or restore a backup of it"
                + backups.map(b -> "; there is none in " + b.folder()).orElse("");
    }

    private static String firstLine(Throwable e) {
        String text = e.getMessage() == null ? e.toString() : e.getMessage();
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(text);
    }
}
