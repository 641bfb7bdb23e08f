package org.nas4j.web.auth;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.function.Consumer;
import org.nas4j.core.UserError;
import org.nas4j.web.api.ApiException;

/**
 * The dashboard's secret: 32 random bytes, URL-safe Base64, created at first start in a file only its owner can read
 * and write ({@code rw-------}) and reused afterwards (made owner-only again if it was opened up; refused if weak).
 * Never printed. Immutable and thread-safe; comparisons take constant time.
 */
public final class AccessToken {
    /** The cookie the pages carry the token in once it was given as {@code ?token=}. */
    public static final String COOKIE = "nas4j_token";
    private static final String BEARER = "Bearer ";

    private static final int BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final String value;
    private final byte[] bytes;

    private AccessToken(String value) {
        this.value = value;
        this.bytes = value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads the token in {@code file}, or creates the file (and its folder) with a new token when it does not exist.
     * A file others may read is made owner-only, and {@code notes} hears one line saying so; a weak token is refused.
     */
    public static AccessToken loadOrCreate(Path file, Consumer<String> notes) {
        try {
            if (Files.exists(file)) {
                return read(file, notes);
            }
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            byte[] random = new byte[BYTES];
            new SecureRandom().nextBytes(random);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException raced) {
                return read(file, notes);
            }
            Files.writeString(file, token + "\n");
            return new AccessToken(token);
        } catch (IOException e) {
            throw new UserError("cannot read or create the dashboard token file " + file + " (" + e.getMessage()
                    + "): make its folder writable, or set NAS4J_HOME to a folder of your own");
        }
    }

    private static AccessToken read(Path file, Consumer<String> notes) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(mode)) {
            try {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            } catch (IOException e) {
                throw new UserError("dashboard token file " + file + " is readable by others (" + PosixFilePermissions.toString(mode)
                        + ") and cannot be made owner-only (" + e.getMessage() + "): run chmod 600 " + file + ", or delete it");
            }
            notes.accept("nas4j: dashboard token file " + file + " was open to others (" + PosixFilePermissions.toString(mode)
                    + "): made it owner-only (rw-------); delete it for a new token if someone may have read it");
        }
        String token = Files.readString(file).strip();
        if (!strong(token)) {
            throw new UserError("dashboard token file " + file + " holds no token or a weak one (a token is " + BYTES
                    + " random bytes, URL-safe Base64, 43 characters): delete the file and a new one is made");
        }
        return new AccessToken(token);
    }

    /** 43 to 128 URL-safe Base64 characters with at least 16 different ones: what {@link #loadOrCreate} makes. */
    static boolean strong(String token) {
        return token.matches("[A-Za-z0-9_-]{43,128}") && token.chars().distinct().count() >= 16;
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
