package org.nas4j.daemon.cli;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.nas4j.store.NasStore;
import picocli.CommandLine.Option;

/**
 * The daemon's backups of its store: every {@code --backup-minutes} while it searches and once when the run ends,
 * keeping the newest {@code --keep-backups}. A backup that fails is said on stderr and the search goes on.
 */
final class BackupSchedule {
    @Option(names = "--backup-minutes", description = "Minutes between backups of the store while searching; 0: only "
            + "when the run ends (default: ${DEFAULT-VALUE}).") double minutes = 30;
    @Option(names = "--keep-backups", description = "Backups to keep, newest first (default: ${DEFAULT-VALUE}).")
    int keep = org.nas4j.store.Backups.KEEP;

    /** Refuses bad options, before anything is stored. */
    void check() {
        if (!(minutes >= 0) || keep < 1) {
            throw new org.nas4j.core.UserError("--backup-minutes must be 0 or more and --keep-backups at least 1, not "
                    + minutes + " and " + keep);
        }
    }

    /** Starts the schedule; closing it stops the schedule and takes the final backup. */
    AutoCloseable start(NasStore store, PrintWriter err) {
        check();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "backups");
            t.setDaemon(true);
            return t;
        });
        if (minutes > 0) {
            long period = (long) (minutes * 60_000);
            timer.scheduleAtFixedRate(() -> take(store, err), period, period, TimeUnit.MILLISECONDS);
        }
        return () -> {
            timer.shutdownNow();
            timer.awaitTermination(1, TimeUnit.MINUTES);
            take(store, err);
        };
    }

    private void take(NasStore store, PrintWriter err) {
        try {
            store.backup(keep);
        } catch (RuntimeException e) {
            err.println("nas: backup failed, the search goes on: " + e.getMessage());
            err.flush();
        }
    }
}
