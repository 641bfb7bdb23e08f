package org.nas4j.store;

import java.util.Locale;
import java.util.UUID;
import org.nas4j.core.UserError;

/**
 * An H2 JDBC URL as given and as opened: a file URL gets {@code AUTO_SERVER=TRUE} unless it sets
 * AUTO_SERVER itself, and {@code WRITE_DELAY=0} unless it sets WRITE_DELAY: H2's default (500 ms) keeps
 * committed transactions in memory that long, so a killed daemon lost the results it had just committed
 * (measured: hundreds of committed rows lost on every {@code kill -9}; none with 0). An unnamed
 * {@code jdbc:h2:mem:} gets a unique name (every pooled connection must see the same database).
 */
record H2Url(String given, String effective, String file) {

    static H2Url parse(String url) {
        if (url == null || !url.startsWith("jdbc:h2:")) {
            throw new UserError("--db " + url + " is not an H2 JDBC URL: use jdbc:h2:file:/path/name, "
                    + "jdbc:h2:tcp://host/name or jdbc:h2:mem:name");
        }
        String rest = url.substring("jdbc:h2:".length());
        int semicolon = rest.indexOf(';');
        String location = semicolon < 0 ? rest : rest.substring(0, semicolon);
        String settings = semicolon < 0 ? "" : rest.substring(semicolon);
        String upper = settings.toUpperCase(Locale.ROOT);
        if (location.startsWith("mem:")) {
            if (location.equals("mem:")) {
                return new H2Url(url, "jdbc:h2:mem:nas4j-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + settings, null);
            }
            return new H2Url(url, url, null);
        }
        if (location.startsWith("tcp:") || location.startsWith("ssl:") || location.startsWith("zip:")) {
            return new H2Url(url, url, null);
        }
        String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
        String file = path + ".mv.db";
        boolean own = upper.contains(";AUTO_SERVER=") || upper.contains(";DB_CLOSE_ON_EXIT=FALSE");
        String effective = (own ? url : url + ";AUTO_SERVER=TRUE") + (upper.contains(";WRITE_DELAY=") ? "" : ";WRITE_DELAY=0");
        return new H2Url(url, effective, file);
    }

    /**
     * The same database opened read-only (for a file nas4j may not write): without AUTO_SERVER, which H2 does not
     * allow then, and with {@code ACCESS_MODE_DATA=r}.
     */
    H2Url readOnly() {
        String url = given.replaceAll("(?i);AUTO_SERVER=[^;]*", "") + ";ACCESS_MODE_DATA=r";
        return new H2Url(given, url, file);
    }

    /**
     * The same settings for another file ({@code path} without {@code .mv.db}), opened by this process alone: where a
     * new database is made before it is put in place.
     */
    H2Url elsewhere(String path) {
        String location = file.substring(0, file.length() - ".mv.db".length());
        String url = given.replace(location, path).replaceAll("(?i);AUTO_SERVER=[^;]*", "") + ";AUTO_SERVER=FALSE";
        return new H2Url(url, url.toUpperCase(Locale.ROOT).contains(";WRITE_DELAY=") ? url : url + ";WRITE_DELAY=0", path + ".mv.db");
    }

    /** How to name this database to a user: its file when it has one, else its URL. */
    String name() {
        return file != null ? file : given;
    }
}
