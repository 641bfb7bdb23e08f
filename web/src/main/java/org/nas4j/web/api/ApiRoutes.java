package org.nas4j.web.api;

import io.javalin.Javalin;
import java.util.Map;
import java.util.NoSuchElementException;
import org.nas4j.web.DashboardQueries;
import org.nas4j.web.ExperimentControls;
import org.nas4j.web.auth.AccessGate;
import org.nas4j.web.auth.AccessToken;
import org.nas4j.web.live.ChangeHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires every route and error answer of the dashboard; the list here is what {@code openapi.json} documents. */
public final class ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    static final String OPENAPI = "/org/nas4j/web/openapi.json";

    private ApiRoutes() {}

    public static void register(Javalin app, DashboardQueries queries, ExperimentControls controls, AccessToken token,
                                ChangeHub hub, AccessGate gate) {
        var experiments = new ExperimentApi(queries);
        var trials = new TrialApi(queries);
        var control = new ControlApi(controls, token);

        app.before(gate::check);
        app.before("/api/*", ctx -> ctx.header("Cache-Control", "no-store"));
        app.get("/", ctx -> ctx.redirect("/index.html"));

        app.get("/api/openapi.json", ctx -> ctx.contentType("application/json")
                .result(ApiRoutes.class.getResourceAsStream(OPENAPI)));
        app.get("/api/store", ctx -> ctx.json(new org.nas4j.web.StoreInfo(queries.lastBackup().orElse(null))));
        app.get("/api/experiments", experiments::list);
        app.get("/api/experiments/{name}", experiments::one);
        app.get("/api/experiments/{name}/trials", experiments::trials);
        app.get("/api/experiments/{name}/points", experiments::points);
        app.get("/api/experiments/{name}/policy", experiments::policy);
        app.get("/api/experiments/{name}/curves", experiments::curves);
        app.get("/api/experiments/{name}/heatmap", experiments::heatmap);
        app.get("/api/experiments/{name}/shared", experiments::shared);
        app.get("/api/experiments/{name}/changes", experiments::changes);
        app.before("/api/experiments/{name}/events", experiments::experiment);
        app.sse("/api/experiments/{name}/events", client -> hub.listen(client, client.ctx().pathParam("name")));
        app.sse("/api/events", client -> hub.listen(client, null));
        app.post("/api/experiments/{name}/pause", control::pause);
        app.post("/api/experiments/{name}/resume", control::resume);
        app.post("/api/experiments/{name}/stop", control::stop);
        app.get("/api/trials/{id}", trials::one);
        app.get("/api/trials/{id}/architecture.json", trials::architecture);
        app.get("/api/trials/{id}/dl4j-config.json", trials::dl4jConfig);

        app.exception(ApiException.class, (e, ctx) -> {
            ctx.status(e.status());
            if (e.status() == 401 && !ctx.path().startsWith("/api/")) {
                ctx.html("<!doctype html><title>nas4j: token needed</title><body style=\"font:15px system-ui;background:#0f1419;"
                        + "color:#d8e1ea;padding:40px\"><h1>Token needed</h1><p>" + e.getMessage() + "</p></body>");
                return;
            }
            var body = new java.util.LinkedHashMap<String, String>(); // "error" first, in every answer
            body.put("error", e.getMessage());
            if (e.parameter() != null) {
                body.put("parameter", e.parameter());
            }
            ctx.json(body);
        });
        app.exception(NoSuchElementException.class, (e, ctx) -> ctx.status(404).json(Map.of("error", String.valueOf(e.getMessage()))));
        app.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(400).json(Map.of("error", String.valueOf(e.getMessage()))));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("dashboard request {} failed", ctx.path(), e);
            ctx.status(500).json(Map.of("error", "internal error: " + e));
        });
        app.error(404, ctx -> {
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith("application/json")) {
                ctx.json(Map.of("error", "not found: " + ctx.path()));
            }
        });
    }
}
