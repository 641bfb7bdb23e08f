package org.nas4j.web.live;

import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.nas4j.web.DashboardQueries;
import org.nas4j.core.read.ExperimentInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a {@code change} event to every listening page when its experiment's change counter moves. One shared
 * poller thread reads each watched counter once per interval, however many pages listen; a page listening to all
 * experiments gets an event when any counter moves. Thread-safe; {@link #close} stops the poller.
 */
public final class ChangeHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeHub.class);
    private static final long KEEP_ALIVE_TICKS = 15;

    private final DashboardQueries queries;
    private final Map<SseClient, Listener> listeners = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller;
    private long ticks;

    /** What a client listens to ({@code experiment} null: all) and the counter it saw last. */
    private static final class Listener {
        final String experiment;
        Map<String, Long> seen;

        Listener(String experiment, Map<String, Long> seen) {
            this.experiment = experiment;
            this.seen = seen;
        }
    }

    public ChangeHub(DashboardQueries queries, Duration interval) {
        this.queries = queries;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nas4j-dashboard-changes");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Keeps {@code client} open and sends it a {@code hello} now and a {@code change} whenever the experiment changes. */
    public void listen(SseClient client, String experiment) {
        client.keepAlive();
        Map<String, Long> now = counters(experiment);
        client.onClose(() -> listeners.remove(client));
        client.sendEvent("hello", Map.of("experiment", experiment == null ? "*" : experiment, "changeCounts", now));
        // registered after the hello, so the poller never writes to this client at the same time; a change since
        // `now` was read is still seen at the next tick
        listeners.put(client, new Listener(experiment, now));
    }

    /** How many pages listen now. */
    public int listeners() {
        return listeners.size();
    }

    private void tick() {
        try {
            ticks++;
            var cache = new HashMap<String, Map<String, Long>>();
            for (var entry : listeners.entrySet()) {
                SseClient client = entry.getKey();
                Listener l = entry.getValue();
                if (client.terminated()) {
                    listeners.remove(client);
                    continue;
                }
                Map<String, Long> now;
                try {
                    now = cache.computeIfAbsent(String.valueOf(l.experiment), k -> counters(l.experiment));
                } catch (RuntimeException e) {
                    LOG.debug("live updates: cannot read {}: {}", l.experiment, e.toString());
                    continue;
                }
                if (!now.equals(l.seen)) {
                    var changed = new HashMap<String, Long>(now);
                    changed.entrySet().removeIf(e -> e.getValue().equals(l.seen.get(e.getKey())));
                    l.seen = now;
                    client.sendEvent("change", Map.of("changeCounts", changed));
                } else if (ticks % KEEP_ALIVE_TICKS == 0) {
                    client.sendComment("keep-alive");
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("live updates: cannot read change counters: {}", e.toString());
        }
    }

    private Map<String, Long> counters(String experiment) {
        var out = new HashMap<String, Long>();
        if (experiment != null) {
            out.put(experiment, queries.changeCount(experiment));
        } else {
            for (ExperimentInfo e : queries.experiments()) {
                out.put(e.name(), queries.changeCount(e.name()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        poller.shutdownNow();
        listeners.keySet().forEach(SseClient::close);
        listeners.clear();
    }
}
