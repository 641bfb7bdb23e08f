package org.nas4j.web.api;

import io.javalin.http.Context;
import java.util.Map;
import java.util.function.Predicate;
import org.nas4j.web.ExperimentControls;
import org.nas4j.web.auth.AccessToken;

/**
 * {@code POST /api/experiments/{name}/pause|resume|stop}: checks the bearer token before anything else, then asks
 * the controls. Thread-safe.
 */
public final class ControlApi {
    private final ExperimentControls controls;
    private final AccessToken token;

    public ControlApi(ExperimentControls controls, AccessToken token) {
        this.controls = controls;
        this.token = token;
    }

    public void pause(Context ctx) {
        act(ctx, "pause", controls::pause);
    }

    public void resume(Context ctx) {
        act(ctx, "resume", controls::resume);
    }

    public void stop(Context ctx) {
        act(ctx, "stop", controls::stop);
    }

    private void act(Context ctx, String action, Predicate<String> control) {
        token.requireBearer(ctx);
        String name = ctx.pathParam("name");
        if (!control.test(name)) {
            throw ApiException.notFound("no experiment named '" + name + "' in this search");
        }
        ctx.status(202).json(Map.of("experiment", name, "action", action, "accepted", true));
    }
}
