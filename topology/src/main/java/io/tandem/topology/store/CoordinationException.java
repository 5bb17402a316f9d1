package io.tandem.topology.store;

/** ZooKeeper could not be reached or refused an operation; the message names the connect string or the path. */
public final class CoordinationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CoordinationException(String message, Throwable cause) {
        super(message, cause);
    }

    public CoordinationException(String message) {
        super(message);
    }
}
