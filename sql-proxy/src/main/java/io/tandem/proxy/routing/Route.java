package io.tandem.proxy.routing;

/** Where a statement may run, as far as its text can tell; the proxy adds transaction state, lag and hints' policy. */
public enum Route {
    PRIMARY("primary"),
    /** A replica may serve it when the session is in autocommit mode and a replica is fresh enough. */
    REPLICA_ELIGIBLE("replica");

    private final String label;

    Route(String label) {
        this.label = label;
    }

    /** Lower-case name for metric tags and {@code tandem explain-route}. */
    public String label() {
        return label;
    }
}
