package io.tandem.proxy.frontend;

/**
 * Where one session's command is, and so what its client is waiting for. In the phases that are the proxy's own
 * work ({@link #proxyWait()}) no statement of the client runs anywhere: {@link WaitWatch} keeps them bounded and
 * visible.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_command_phase.html">Command phase</a>
 */
enum CommandPhase {
    /** Between commands: the proxy waits for the client. */
    IDLE("idle", false),
    /** The next command, which the client sent before its answer, is about to start. */
    QUEUED("starting a pipelined command", true),
    /** Choosing a server; waiting for writes to be taken again after a failover, or for a pooled connection. */
    PLACING("placing the statement", true),
    /** Bringing the connection to the session: waiting for a replica to apply its last write, replaying its state. */
    PREPARING("preparing the connection (GTID wait, state replay)", true),
    /** The command runs on its server and its answer is relayed: the client waits for the server, as directly. */
    RUNNING("running", false),
    /** LOAD DATA LOCAL: the server waits for the file the client sends. */
    CLIENT_DATA("receiving the client's file", false),
    /** The answer is relayed; the proxy turns its own session tracking back on before the next command. */
    RESTORING("restoring the proxy's session tracking", true);

    private final String description;
    private final boolean proxyWait;

    CommandPhase(String description, boolean proxyWait) {
        this.description = description;
        this.proxyWait = proxyWait;
    }

    /** No statement of the client runs while the session is here: the wait is the proxy's own. */
    boolean proxyWait() {
        return proxyWait;
    }

    /** Whether a command arriving now must wait its turn (the client pipelines). */
    boolean busy() {
        return this != IDLE && this != CLIENT_DATA;
    }

    String description() {
        return description;
    }
}
