package io.tandem.topology.store;

/**
 * A compare-and-set lost: someone changed the view since the writer read it. The writer must re-read, re-decide
 * and try again, never overwrite.
 */
public final class StaleViewException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StaleViewException(String message) {
        super(message);
    }
}
