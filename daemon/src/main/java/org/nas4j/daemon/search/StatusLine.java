package org.nas4j.daemon.search;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Where a long command reports progress. On a terminal ({@code live}) a status line is redrawn in place with
 * {@code \r}, at most once a second, and lasting lines print above it; elsewhere (a log file, systemd, nohup) the
 * status line is never drawn and only lasting lines are written, one plain line each. Thread-safe.
 */
public final class StatusLine {
    private static final long REDRAW_NANOS = 1_000_000_000L;

    private final PrintWriter out;
    private final boolean live;
    private final LongSupplier nanoTime;
    private String shown = "";
    private long drawnAt;
    private boolean drawn;

    public StatusLine(PrintWriter out, boolean live, LongSupplier nanoTime) {
        this.out = out;
        this.live = live;
        this.nanoTime = nanoTime;
    }

    /** Live when this process writes to a terminal (the JVM's console), plain otherwise. */
    public static StatusLine forConsole(PrintWriter out) {
        return new StatusLine(out, System.console() != null, System::nanoTime);
    }

    public boolean live() {
        return live;
    }

    /** Redraws the status line with {@code text} on a terminal (now when {@code force}, else at most once a second). */
    public synchronized void draw(String text, boolean force) {
        long now = nanoTime.getAsLong();
        if (!live || text.equals(shown) || (!force && drawn && now - drawnAt < REDRAW_NANOS)) {
            return;
        }
        out.print("\r" + text + " ".repeat(Math.max(0, shown.length() - text.length())));
        out.flush();
        shown = text;
        drawnAt = now;
        drawn = true;
    }

    /** Prints {@code text} as a line of its own (above the status line on a terminal, which the next draw restores). */
    public synchronized void println(String text) {
        if (live && !shown.isEmpty()) {
            out.print("\r" + " ".repeat(shown.length()) + "\r");
            shown = "";
        }
        out.println(text);
        out.flush();
    }

    /** Ends the status line, leaving its last text on the terminal. */
    public synchronized void end() {
        if (live && !shown.isEmpty()) {
            out.println();
            out.flush();
            shown = "";
        }
    }
}
