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
import org.nas4j.web.ExperimentInfo;
import org.nas4j.web.TrialRow;

/** The read-only experiment endpoints. Thread-safe (stateless besides the thread-safe queries). */
public final class ExperimentApi {
    public static final int MAX_CURVES = 100;
    private final DashboardQueries queries;

    public ExperimentApi(DashboardQueries queries) {
        this.queries = queries;
    }

    public void list(Context ctx) {
        ctx.json(queries.experiments());
    }

    public void one(Context ctx) {
        ctx.json(experiment(ctx));
    }

    public void trials(Context ctx) {
        var query = Params.trialQuery(ctx);
        String name = experiment(ctx).name();
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
        ctx.json(body);
    }

    public void points(Context ctx) {
        ctx.json(queries.points(experiment(ctx).name()));
    }

    public void policy(Context ctx) {
        ctx.json(queries.policySteps(experiment(ctx).name()));
    }

    public void heatmap(Context ctx) {
        int windows = Params.integer(ctx, "windows", 12, 1, 200);
        ctx.json(Heatmap.of(queries.decisions(experiment(ctx).name()), windows));
    }

    /** {@code ?ids=}: the curves of these trials of the experiment, or of a default choice when absent. */
    public void curves(Context ctx) {
        List<Long> asked = Params.ids(ctx, MAX_CURVES);
        Map<Long, TrialRow> rows = queries.points(experiment(ctx).name()).stream()
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
        ctx.json(out);
    }

    /** The change counter, for clients that poll instead of listening to events. */
    public void changes(Context ctx) {
        String name = experiment(ctx).name();
        ctx.json(Map.of("experiment", name, "changeCount", queries.changeCount(name)));
    }

    ExperimentInfo experiment(Context ctx) {
        String name = ctx.pathParam("name");
        return queries.experiment(name).orElseThrow(() -> ApiException.notFound("no experiment named '" + name + "'"));
    }
}
