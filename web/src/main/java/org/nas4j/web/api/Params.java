package org.nas4j.web.api;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nas4j.core.TrialState;
import org.nas4j.core.read.TrialQuery;
import org.nas4j.core.read.TrialSort;

/** Reads and checks request parameters; every failure is a 400 naming the parameter. Stateless. */
final class Params {
    private Params() {}

    static int integer(Context ctx, String name, int otherwise, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name, "must be a whole number from " + min + " to " + max + ", not '" + value + "'");
        }
        if (n < min || n > max) {
            throw ApiException.badParameter(name, "must be from " + min + " to " + max + ", not " + n);
        }
        return n;
    }

    /** The trial query of {@code ?page=&size=&sort=&direction=&state=}; sort defaults to id, direction to desc. */
    static TrialQuery trialQuery(Context ctx) {
        int page = integer(ctx, "page", 0, 0, Integer.MAX_VALUE);
        int size = integer(ctx, "size", TrialQuery.DEFAULT_SIZE, 1, TrialQuery.MAX_SIZE);
        String sortName = ctx.queryParam("sort");
        TrialSort sort = sortName == null || sortName.isBlank() ? TrialSort.ID : TrialSort.byId(sortName.strip());
        if (sort == null) {
            throw ApiException.badParameter("sort", "must be one of " + TrialSort.ids() + ", not '" + sortName + "'");
        }
        String direction = ctx.queryParam("direction");
        boolean descending;
        if (direction == null || direction.isBlank() || direction.equals("desc")) {
            descending = true;
        } else if (direction.equals("asc")) {
            descending = false;
        } else {
            throw ApiException.badParameter("direction", "must be asc or desc, not '" + direction + "'");
        }
        return new TrialQuery(page, size, sort, descending, state(ctx));
    }

    /** {@code ?state=}: a trial state in any case; blank or {@code all} for every state (null). */
    static TrialState state(Context ctx) {
        String value = ctx.queryParam("state");
        if (value == null || value.isBlank() || value.equalsIgnoreCase("all")) {
            return null;
        }
        try {
            return TrialState.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("state", "must be all or one of " + Arrays.stream(TrialState.values())
                    .map(s -> s.name().toLowerCase(Locale.ROOT)).toList() + ", not '" + value + "'");
        }
    }

    /** The path parameter {@code id}: a trial id. */
    static long trialId(Context ctx) {
        String value = ctx.pathParam("id");
        try {
            long id = Long.parseLong(value);
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badParameter("id", "must be a trial id (a whole number), not '" + value + "'");
    }

    /** {@code ?ids=1,2,3}: at most {@code max} trial ids, or null when absent. */
    static List<Long> ids(Context ctx, int max) {
        String value = ctx.queryParam("ids");
        if (value == null || value.isBlank()) {
            return null;
        }
        var ids = new ArrayList<Long>();
        for (String part : value.split(",")) {
            try {
                ids.add(Long.parseLong(part.strip()));
            } catch (NumberFormatException e) {
                throw ApiException.badParameter("ids", "must be trial ids separated by commas, not '" + part + "'");
            }
        }
        if (ids.size() > max) {
            throw ApiException.badParameter("ids", "at most " + max + " trials at once, not " + ids.size());
        }
        return ids;
    }
}
