package io.tandem.proxy.protocol;

/**
 * A packet that does not parse: truncated, too long, or with a value out of range. Answered with ERR 1835
 * (ER_MALFORMED_PACKET) or, before authentication, by closing the connection; never with a hang.
 */
public final class MalformedPacketException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String message) {
        super(message);
    }
}
