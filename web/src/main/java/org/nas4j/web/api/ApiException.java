package org.nas4j.web.api;

/**
 * An error answered as JSON {@code {"error": message, "parameter": name}} with its HTTP status; {@code parameter}
 * is the request parameter at fault, or null.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String parameter;

    public ApiException(int status, String parameter, String message) {
        super(message);
        this.status = status;
        this.parameter = parameter;
    }

    public static ApiException badParameter(String parameter, String message) {
        return new ApiException(400, parameter, parameter + ": " + message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, null, message);
    }

    public int status() {
        return status;
    }

    public String parameter() {
        return parameter;
    }
}
