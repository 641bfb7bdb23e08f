package org.nas4j.daemon.cli;

import org.nas4j.store.Database;
import org.nas4j.store.NasStore;
import picocli.CommandLine.Option;

/** The {@code --db URL} option every store command takes. */
final class DbOption {
    @Option(names = "--db", description = "H2 JDBC URL of the store (default: an H2 file under ~/.nas4j, or $NAS4J_HOME).")
    String url;

    NasStore open() {
        return NasStore.open(url == null ? Database.defaultUrl() : url);
    }
}
