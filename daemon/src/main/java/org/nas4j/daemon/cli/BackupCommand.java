package org.nas4j.daemon.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nas4j.core.UserError;
import org.nas4j.store.Backups;
import org.nas4j.store.Database;
import org.nas4j.store.NasStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nas backup} and {@code nas restore}: an online backup of the store now, and putting one back. */
final class BackupCommand {
    private BackupCommand() {}

    @Command(name = "backup", description = "Take an online backup of the store now, into backups/ beside its file "
            + "(a search also takes one every --backup-minutes and when it ends).")
    static final class Take implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DbOption db;
        @Option(names = "--keep", description = "Backups to keep, newest first (default: ${DEFAULT-VALUE}).") int keep = Backups.KEEP;

        @Override
        public Integer call() {
            if (keep < 1) {
                throw new UserError("--keep must be at least 1, not " + keep);
            }
            try (NasStore store = db.open()) {
                Path file = store.backup(keep).orElseThrow(() -> new UserError("database " + store.url()
                        + " is not a file on this machine: back up an H2 server's database where it runs"));
                spec.commandLine().getOut().printf("backup of %s written to %s%n", store.url(), file);
                return 0;
            }
        }
    }

    @Command(name = "restore", description = "Put a backup in place of the store, after checking that it opens; "
            + "the replaced file is kept beside it.")
    static final class Restore implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DbOption db;
        @Parameters(paramLabel = "FILE", description = "A backup zip written by nas backup or a search.") Path file;

        @Override
        public Integer call() {
            String url = db.url == null ? Database.defaultUrl() : db.url;
            Backups backups = Backups.of(url).orElseThrow(() -> new UserError("database " + url
                    + " is not a file on this machine: restore an H2 server's database where it runs"));
            var experiments = backups.restore(file);
            spec.commandLine().getOut().printf("restored %s from %s: %d experiment(s) %s%n", url, file, experiments.size(),
                    experiments);
            return 0;
        }
    }
}
