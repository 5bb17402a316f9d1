package io.tandem.topology.probe;

/** A probe got no usable answer from a server in time; the message says why in one line, the cause keeps the rest. */
public final class ProbeException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProbeException(String message, Throwable cause) {
        super(message, cause);
    }

    public ProbeException(String message) {
        super(message);
    }
}
