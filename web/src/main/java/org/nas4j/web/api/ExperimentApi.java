package org.nas4j.web.api;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.nas4j.core.EpochMetrics;
import org.nas4j.web.DashboardQueries;
import org.nas4j.core.read.ExperimentInfo;
import org.nas4j.core.read.TrialQuery;
import org.nas4j.core.read.TrialRow;

/** The read-only experiment endpoints. Thread-safe (stateless besides the thread-safe queries). */
public final class ExperimentApi {
    public static final int MAX_CURVES = 100;
    private final DashboardQueries queries;
    private final ChangeCache cache;
    private final ArrayJson arrays = new ArrayJson();

    public ExperimentApi(DashboardQueries queries) {
        this.queries = queries;
        this.cache = new ChangeCache(queries);
    }

    public void list(Context ctx) {
        ctx.json(queries.experiments());
    }

    public void one(Context ctx) {
        cached(ctx, "", () -> experiment(ctx));
    }

    public void trials(Context ctx) {
        var query = Params.trialQuery(ctx);
        cached(ctx, "trials " + query, () -> trialPage(ctx.pathParam("name"), query));
    }

    private Map<String, Object> trialPage(String name, TrialQuery query) {
        var page = queries.trials(name, query);
        var body = new LinkedHashMap<String, Object>();
        body.put("experiment", name);
        body.put("page", page.page());
        body.put("size", page.size());
        body.put("total", page.total());
        body.put("sort", query.sort().id);
        body.put("direction", query.descending() ? "desc" : "asc");
        body.put("state", query.state() == null ? "all" : query.state().name().toLowerCase());
        body.put("trials", page.trials());
        return body;
    }

    public void points(Context ctx) {
        String name = ctx.pathParam("name");
        cached(ctx, "points", () -> arrays.write(name + " points", queries.points(name)));
    }

    public void policy(Context ctx) {
        String name = ctx.pathParam("name");
        cached(ctx, "policy", () -> arrays.write(name + " policy", queries.policySteps(name)));
    }

    public void heatmap(Context ctx) {
        int windows = Params.integer(ctx, "windows", 12, 1, 200);
        cached(ctx, "heatmap " + windows, () -> Heatmap.of(queries.decisions(ctx.pathParam("name")), windows));
    }

    /** A shared-weight experiment's supernet epochs and derived candidates; 404 for any other experiment. */
    public void shared(Context ctx) {
        String name = ctx.pathParam("name");
        cached(ctx, "shared", () -> queries.shared(name).orElseThrow(() -> ApiException.notFound("experiment '" + name
                + "' does not search with shared weights")));
    }

    /** {@code ?ids=}: the curves of these trials of the experiment, or of a default choice when absent. */
    public void curves(Context ctx) {
        List<Long> asked = Params.ids(ctx, MAX_CURVES);
        cached(ctx, "curves " + asked, () -> curves(ctx.pathParam("name"), asked));
    }

    private List<Map<String, Object>> curves(String name, List<Long> asked) {
        Map<Long, TrialRow> rows = queries.points(name).stream()
                .collect(Collectors.toMap(TrialRow::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        List<Long> ids = asked == null ? CurvePicks.defaults(List.copyOf(rows.values()))
                : asked.stream().filter(rows::containsKey).distinct().toList();
        Map<Long, List<EpochMetrics>> curves = ids.isEmpty() ? Map.of() : queries.curves(ids);
        var out = new ArrayList<Map<String, Object>>();
        for (long id : ids) {
            TrialRow row = rows.get(id);
            var one = new LinkedHashMap<String, Object>();
            one.put("id", id);
            one.put("number", row.number());
            one.put("state", row.state());
            one.put("stopReason", row.stopReason());
            one.put("reward", row.reward());
            one.put("curve", curves.getOrDefault(id, List.of()));
            out.add(one);
        }
        return out;
    }

    /** The change counter, for clients that poll instead of listening to events. */
    public void changes(Context ctx) {
        String name = ctx.pathParam("name");
        ctx.json(Map.of("experiment", name, "changeCount", queries.changeCount(name)));
    }

    /** Answers from the cache while the experiment is unchanged (an unknown one is 404: its counter cannot be read). */
    private void cached(Context ctx, String key, java.util.function.Supplier<Object> answer) {
        ctx.contentType("application/json").result(cache.json(ctx.pathParam("name"), key, answer));
    }

    ExperimentInfo experiment(Context ctx) {
        String name = ctx.pathParam("name");
        return queries.experiment(name).orElseThrow(() -> ApiException.notFound("no experiment named '" + name + "'"));
    }
}
