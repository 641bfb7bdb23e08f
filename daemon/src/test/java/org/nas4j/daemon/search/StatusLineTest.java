package org.nas4j.daemon.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The two modes of a progress line: redrawn in place on a terminal, plain lines elsewhere. */
class StatusLineTest {
    private final StringWriter text = new StringWriter();
    private final AtomicLong clock = new AtomicLong();

    private StatusLine line(boolean live) {
        return new StatusLine(new PrintWriter(text, true), live, clock::get);
    }

    @Test
    void onATerminalTheLineIsRedrawnAtMostOnceASecondAndLastingLinesGoAboveIt() {
        StatusLine line = line(true);
        line.draw("[1/3] long text", false);
        clock.addAndGet(500_000_000L);
        line.draw("[1/3] skipped", false);
        clock.addAndGet(600_000_000L);
        line.draw("[2/3]", false);
        line.println("epoch line");
        line.draw("[3/3]", true);
        line.end();
        assertEquals("\r[1/3] long text\r[2/3]          \r     \repoch line\n\r[3/3]\n", text.toString().replace("\r\n", "\n"));
    }

    @Test
    void elsewhereOnlyLastingLinesAreWrittenOnePerFinishedTrial() {
        var progress = new ProgressLine(line(false), 0);
        progress.update(0, 2, Double.NaN, 0);
        progress.update(0, 2, Double.NaN, 1);
        progress.update(1, 2, 0.5, 10);
        progress.update(1, 2, 0.5, 11);
        progress.update(2, 2, 0.75, 20);
        progress.done();
        assertEquals("""
                [0/2 trials] best -  elapsed 00:00:00  remaining ~--:--:--
                [1/2 trials] best 0.5000  elapsed 00:00:10  remaining ~00:00:10
                [2/2 trials] best 0.7500  elapsed 00:00:20  remaining ~00:00:00
                """, text.toString().replace("\r\n", "\n"));
    }
}
