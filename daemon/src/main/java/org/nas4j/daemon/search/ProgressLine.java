package org.nas4j.daemon.search;

import java.io.PrintWriter;

/**
 * The live terminal line of a search: trials done / budget, best so far, elapsed and estimated remaining
 * time. Rewrites itself in place at most once a second, and only when something changed.
 */
public final class ProgressLine implements SearchLoop.Progress {
    private final PrintWriter out;
    private final int startFinished;
    private String last = "";
    private long lastPrint;
    private double startElapsed = -1;

    public ProgressLine(PrintWriter out, int startFinished) {
        this.out = out;
        this.startFinished = startFinished;
    }

    @Override
    public void update(int finished, int budget, double best, double elapsed) {
        if (startElapsed < 0) {
            startElapsed = elapsed;
        }
        int doneNow = finished - startFinished;
        String eta = doneNow <= 0 ? "--:--:--"
                : clock((elapsed - startElapsed) / doneNow * Math.max(0, budget - finished));
        String line = String.format("[%d/%d trials] best %s  elapsed %s  remaining ~%s", finished, budget,
                Double.isNaN(best) ? "-" : String.format("%.4f", best), clock(elapsed), eta);
        long now = System.nanoTime();
        if (!line.equals(last) && (now - lastPrint > 1_000_000_000L || finished >= budget)) {
            out.print("\r" + line);
            out.flush();
            last = line;
            lastPrint = now;
        }
    }

    /** Ends the line. */
    public void done() {
        out.println();
        out.flush();
    }

    /** hh:mm:ss */
    public static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format("%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
