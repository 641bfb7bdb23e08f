package org.nas4j.web.auth;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.nas4j.core.UserError;
import org.nas4j.web.api.ApiException;

/**
 * The dashboard's secret: 32 random bytes, URL-safe Base64, created at first start in a file only its owner can read
 * and write ({@code rw-------}) and reused afterwards. Immutable and thread-safe; comparisons take constant time.
 */
public final class AccessToken {
    /** The cookie the pages carry the token in once it was given as {@code ?token=}. */
    public static final String COOKIE = "nas4j_token";
    private static final String BEARER = "Bearer ";

    private final String value;
    private final byte[] bytes;

    private AccessToken(String value) {
        this.value = value;
        this.bytes = value.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the token in {@code file}, or creates the file (and its folder) with a new token when it does not exist. */
    public static AccessToken loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException raced) {
                return read(file);
            }
            Files.writeString(file, token + "\n");
            return new AccessToken(token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the dashboard token file " + file, e);
        }
    }

    private static AccessToken read(Path file) throws IOException {
        String token = Files.readString(file).strip();
        if (token.length() < 16) {
            throw new UserError("dashboard token file " + file + " holds no token (or a short one): delete it and a new one is made");
        }
        return new AccessToken(token);
    }

    public String value() {
        return value;
    }

    /** Whether {@code candidate} is this token (constant time; null is never). */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(bytes, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    public static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).strip() : null;
    }

    /** Throws 401 unless the request carries this token in an {@code Authorization: Bearer} header. */
    public void requireBearer(Context ctx) {
        if (!matches(bearer(ctx))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "Authorization",
                    "this action needs the dashboard token in an 'Authorization: Bearer <token>' header");
        }
    }
}
