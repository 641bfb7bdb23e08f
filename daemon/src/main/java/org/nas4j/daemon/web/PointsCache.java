package org.nas4j.daemon.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.nas4j.core.Architecture;
import org.nas4j.core.read.TrialRow;
import org.nas4j.store.StoreQueries;

/**
 * Every experiment's trial rows (its chart points), kept between calls: a finished trial's row never changes and trials
 * are never removed, so each call reads from the store only the trials added since and those it holds unfinished.
 * Thread-safe (one lock per experiment).
 */
final class PointsCache {
    /** The points of one experiment read so far (guarded by itself). */
    private static final class Held {
        final TreeMap<Long, TrialRow> points = new TreeMap<>();
        final List<Architecture> architectures = new ArrayList<>();
    }

    private final StoreQueries store;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    PointsCache(StoreQueries store) {
        this.store = store;
    }

    /** Every trial of {@code experiment} as a chart point, by id, as the store holds them now. */
    List<TrialRow> points(String experiment) {
        Held h = held.computeIfAbsent(experiment, name -> new Held());
        synchronized (h) {
            return read(experiment, h);
        }
    }

    /**
     * The architecture of every trial of {@code experiment}, in trial order, made from its key by {@code parse} once
     * (trials only ever come after the last one: ids grow, keys never change).
     */
    List<Architecture> architectures(String experiment, Function<String, Architecture> parse) {
        Held h = held.computeIfAbsent(experiment, name -> new Held());
        synchronized (h) {
            List<TrialRow> all = read(experiment, h);
            for (int i = h.architectures.size(); i < all.size(); i++) {
                h.architectures.add(parse.apply(all.get(i).key()));
            }
            return List.copyOf(h.architectures);
        }
    }

    /** Brings {@code h} up to date with the store; called holding its lock. */
    private List<TrialRow> read(String experiment, Held h) {
        long last = h.points.isEmpty() ? 0 : h.points.lastKey();
        List<Long> unfinished = h.points.values().stream().filter(p -> !p.state().finished()).map(TrialRow::id).toList();
        try {
            store.pointsSince(experiment, last, unfinished).forEach(p -> h.points.put(p.id(), p));
        } catch (RuntimeException e) {
            held.remove(experiment, h); // an unknown name leaves nothing behind
            throw e;
        }
        return List.copyOf(h.points.values());
    }
}
