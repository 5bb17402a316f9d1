package io.tandem.sandbox;

/**
 * The accounts every sandbox creates. Fixed and public on purpose: the sandbox listens on 127.0.0.1 only and
 * exists to be connected to.
 */
public final class SandboxAccounts {

    /** Replicas connect to their source with it. */
    public static final String REPLICATION_USER = "repl";
    public static final String REPLICATION_PASSWORD = "repl";
    /** Discovery, the binlog monitor and failover use it. */
    public static final String ORCHESTRATOR_USER = "tandem";
    public static final String ORCHESTRATOR_PASSWORD = "tandem";
    /** Applications use it, directly or through the proxy. It has no SUPER-like privilege, so read_only binds it. */
    public static final String CLIENT_USER = "app";
    public static final String CLIENT_PASSWORD = "app";

    private SandboxAccounts() {
    }
}
