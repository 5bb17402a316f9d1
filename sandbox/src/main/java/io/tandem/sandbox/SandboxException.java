package io.tandem.sandbox;

/**
 * The sandbox could not start or stop, for a reason a person can act on: the message names the missing package,
 * the busy port and the option to change it, or the error log and its last lines.
 */
public final class SandboxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
