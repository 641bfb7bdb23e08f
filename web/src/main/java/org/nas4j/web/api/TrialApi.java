package org.nas4j.web.api;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import org.nas4j.core.Json;
import org.nas4j.web.DashboardQueries;
import org.nas4j.core.read.TrialDetail;

/** The read-only trial endpoints and downloads. Thread-safe. */
public final class TrialApi {
    private final DashboardQueries queries;

    public TrialApi(DashboardQueries queries) {
        this.queries = queries;
    }

    public void one(Context ctx) {
        TrialDetail t = trial(ctx);
        var body = new LinkedHashMap<String, Object>();
        body.put("trial", t.trial());
        body.put("experiment", t.experiment());
        body.put("architecture", t.architecture());
        body.put("seed", t.seed());
        body.put("bestEpoch", t.bestEpoch());
        body.put("error", t.error());
        body.put("inferenceMs", t.inferenceMs());
        body.put("batchSize", t.batchSize());
        body.put("layers", t.network().layers());
        body.put("links", t.network().links());
        body.put("curve", t.curve());
        body.put("hasDl4jConfig", t.network().dl4jConfigJson() != null);
        body.put("retrained", t.retrained());
        body.put("provenance", t.provenance());
        body.put("configHash", t.configHash());
        ctx.json(body);
    }

    public void architecture(Context ctx) {
        TrialDetail t = trial(ctx);
        download(ctx, "trial-" + t.trial().id() + "-architecture.json", Json.writePretty(t.architecture().toJson()));
    }

    public void dl4jConfig(Context ctx) {
        TrialDetail t = trial(ctx);
        if (t.network().dl4jConfigJson() == null) {
            throw ApiException.notFound("trial " + t.trial().id() + " has no DL4J configuration (its space is not a network)");
        }
        download(ctx, "trial-" + t.trial().id() + "-dl4j-config.json", t.network().dl4jConfigJson());
    }

    private static void download(Context ctx, String file, String json) {
        ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
        ctx.contentType("application/json").result(json);
    }

    private TrialDetail trial(Context ctx) {
        long id = Params.trialId(ctx);
        return queries.trial(id).orElseThrow(() -> ApiException.notFound("no trial with id " + id));
    }
}
