package org.nas4j.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nas4j.web.DashboardQueries;

/**
 * The serialized answers of the experiment endpoints, each kept until its experiment's change counter moves: a
 * page that refreshes, or many pages watching one search, read the store once per change. An answer computed while
 * the experiment changes is filed under the counter read before it, so it is recomputed at the next call: never
 * stale. At most {@value #ENTRIES} answers, least recently used first out. Thread-safe.
 */
final class ChangeCache {
    static final int ENTRIES = 48;

    private record Entry(long changeCount, byte[] json) {}

    private final DashboardQueries queries;
    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > ENTRIES;
        }
    };

    ChangeCache(DashboardQueries queries) {
        this.queries = queries;
    }

    /** The JSON of {@code answer} (bytes already written, or a value) for {@code experiment}'s endpoint {@code key}. */
    byte[] json(String experiment, String key, Supplier<Object> answer) {
        long count = queries.changeCount(experiment);
        String k = experiment + '\n' + key;
        synchronized (entries) {
            Entry e = entries.get(k);
            if (e != null && e.changeCount() == count) {
                return e.json();
            }
        }
        try {
            Object value = answer.get();
            byte[] json = value instanceof byte[] written ? written : WebJson.MAPPER.writeValueAsBytes(value);
            synchronized (entries) {
                entries.put(k, new Entry(count, json));
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer of " + key + ": " + e.getMessage(), e);
        }
    }
}
