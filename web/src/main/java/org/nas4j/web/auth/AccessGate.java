package org.nas4j.web.auth;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.regex.Pattern;
import org.nas4j.web.api.ApiException;

/**
 * The before-handler of every request: refuses paths that try to climb out of the static folders, and, when the
 * dashboard listens on a non-loopback address, every request without the token (as a bearer header, a
 * {@code token} query parameter or the {@value AccessToken#COOKIE} cookie). A token given as a query parameter is
 * kept in an HttpOnly, same-site cookie so the page's own requests carry it. Thread-safe.
 */
public final class AccessGate {
    private static final Pattern TRAVERSAL = Pattern.compile("(\\.\\.|%2e|%2f|%5c|\\\\|%00)", Pattern.CASE_INSENSITIVE);

    private final AccessToken token;
    private final boolean tokenForEverything;

    /** @param tokenForEverything true when bound to a non-loopback address */
    public AccessGate(AccessToken token, boolean tokenForEverything) {
        this.token = token;
        this.tokenForEverything = tokenForEverything;
    }

    public void check(Context ctx) {
        String raw = ctx.req().getRequestURI();
        if (raw == null || TRAVERSAL.matcher(raw).find()) {
            throw new ApiException(400, "path", "path not allowed: " + raw);
        }
        if (!tokenForEverything) {
            return;
        }
        if (token.matches(AccessToken.bearer(ctx)) || token.matches(ctx.cookie(AccessToken.COOKIE))) {
            return;
        }
        if (token.matches(ctx.queryParam("token"))) {
            ctx.cookie(new Cookie(AccessToken.COOKIE, token.value(), "/", -1, false, 0, true, null, null, SameSite.STRICT));
            return;
        }
        ctx.header("WWW-Authenticate", "Bearer");
        throw new ApiException(401, "token", "this dashboard listens beyond this machine, so every request needs its token: "
                + "add ?token=<token> (printed at start-up and kept in the token file) or send 'Authorization: Bearer <token>'");
    }
}
