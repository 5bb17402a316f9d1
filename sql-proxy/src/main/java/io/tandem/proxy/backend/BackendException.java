package io.tandem.proxy.backend;

/** A backend could not be reached, refused the proxy, or went away; the message names the server. */
public final class BackendException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
