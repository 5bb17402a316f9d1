package io.tandem.proxy.backend;

/** A backend could not be reached, refused the proxy, or went away; the message names the server. */
public final class BackendException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean poolExhausted;

    public BackendException(String message) {
        this(message, null, false);
    }

    private BackendException(String message, Throwable cause, boolean poolExhausted) {
        super(message, cause);
        this.poolExhausted = poolExhausted;
    }

    /** No connection could be had from a pool that is at its limit (as opposed to a server that failed). */
    static BackendException poolExhausted(String message) {
        return new BackendException(message, null, true);
    }

    public boolean poolExhausted() {
        return poolExhausted;
    }

    public BackendException(String message, Throwable cause) {
        this(message, cause, false);
    }
}
