package io.tandem.proxy.frontend;

import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.routing.Reason;
import io.tandem.topology.instance.InstanceKey;

import java.util.function.Consumer;
import java.util.function.Supplier;

/** One statement on its way to a backend: what it may use, where it went, and its one retry. */
final class Attempt {

    final int sequenceId;
    final MySQLFrame command;
    final Reason reason;
    /** The query's text, decoded on demand; null for other commands. */
    final Supplier<String> sql;
    final Consumer<BackendConnection> action;
    /** A read that may be sent once more elsewhere when its replica is lost before answering. */
    final boolean retryable;
    /**
     * An autocommit write the primary may refuse as read-only (a switchover fenced it before this proxy saw the
     * epoch that holds writes): it was not executed, and is placed again once writes may flow.
     */
    final boolean replaceable;
    /** Read-only refusals so far: bounded, so a primary read-only for good ends in its error, not a loop. */
    int refusals;
    final int readerIndex;
    InstanceKey excluded;
    /** The replica whose outstanding count this attempt holds. */
    InstanceKey charged;
    boolean placedOnReplica;
    /** The command was handed to {@link #action}, which owns the caller's reference from then on. */
    boolean dispatched;
    boolean retried;
    long holdDeadline;

    Attempt(int sequenceId, MySQLFrame command, Reason reason, Supplier<String> sql,
            Consumer<BackendConnection> action, boolean retryable, boolean replaceable) {
        this.sequenceId = sequenceId;
        this.command = command;
        this.reason = reason;
        this.sql = sql;
        this.action = action;
        this.retryable = retryable;
        this.replaceable = replaceable;
        this.readerIndex = command.content().readerIndex();
        if (keepsCommand()) {
            command.retain();
        }
    }

    /** Holds a reference to {@link #command} of its own, so the bytes can be sent again. */
    boolean keepsCommand() {
        return retryable || replaceable;
    }
}
