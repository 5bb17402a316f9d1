package io.tandem.proxy.frontend;

import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.routing.Reason;
import io.tandem.proxy.session.PinReason;

import java.util.EnumSet;
import java.util.Set;

/**
 * The binding of one session to a backend connection: the connection it keeps between commands, if any, the role
 * of that connection's server, and the reasons it must keep one, as values. The one place that answers "must the
 * session keep its connection?" at each moment it is asked: after a command, when a connection is lost, when the
 * client leaves. Owned by one session, on its event loop.
 */
final class Binding {

    private static final Set<HoldReason> DIAGNOSTICS_ONLY = EnumSet.of(HoldReason.DIAGNOSTICS);

    private final DiagnosticsHold diagnostics = new DiagnosticsHold();
    private BackendConnection connection;
    private boolean onReplica;
    private boolean transaction;
    private PinReason pin;
    private boolean cursor;
    private boolean longData;

    /** Why the connection is kept now (after the command ending, or between commands). */
    Set<HoldReason> reasons() {
        Set<HoldReason> reasons = EnumSet.noneOf(HoldReason.class);
        if (transaction) {
            reasons.add(HoldReason.TRANSACTION);
        }
        if (pin != null) {
            reasons.add(HoldReason.PINNED);
        }
        if (cursor) {
            reasons.add(HoldReason.CURSOR);
        }
        if (longData) {
            reasons.add(HoldReason.LONG_DATA);
        }
        if (diagnostics.left()) {
            reasons.add(HoldReason.DIAGNOSTICS);
        }
        return reasons;
    }

    /** Whether any reason holds, without building the set: asked after every command. */
    private boolean anyReason() {
        return transaction || pin != null || cursor || longData || diagnostics.left();
    }

    /** The connection the session keeps, or null. */
    BackendConnection connection() {
        return connection;
    }

    boolean bound() {
        return connection != null;
    }

    /** The kept connection is a replica's (the read that left it open ran there). */
    boolean onReplica() {
        return onReplica;
    }

    DiagnosticsHold diagnostics() {
        return diagnostics;
    }

    boolean inTransaction() {
        return transaction;
    }

    void transaction(boolean open) {
        transaction = open;
    }

    PinReason pin() {
        return pin;
    }

    /** Pins the session for good; false when it already was. */
    boolean pin(PinReason reason) {
        if (pin != null) {
            return false;
        }
        pin = reason;
        return true;
    }

    void cursor(boolean open) {
        cursor = open;
    }

    void longData(boolean pending) {
        longData = pending;
    }

    /** Kept only so that the next command may read the last statement's warnings. */
    boolean forDiagnosticsOnly() {
        return connection != null && reasons().equals(DIAGNOSTICS_ONLY);
    }

    /**
     * The command ran on {@code used} (placed on a replica or not): the session keeps it when any reason holds, and
     * returns whether it did. A connection it no longer needs is the caller's to give back.
     */
    boolean settle(BackendConnection used, boolean placedOnReplica) {
        if (!anyReason()) {
            connection = null;
            return false;
        }
        if (connection != used) {
            onReplica = placedOnReplica;
        }
        connection = used;
        return true;
    }

    /** The kept connection goes back (released by the caller); what was readable on it is gone. */
    BackendConnection unbind() {
        BackendConnection kept = connection;
        connection = null;
        diagnostics.clear();
        return kept;
    }

    /** The routing reason a command on the kept connection is counted under. */
    Reason routingReason() {
        Set<HoldReason> reasons = reasons();
        if (reasons.contains(HoldReason.PINNED)) {
            return Reason.HELD_PINNED;
        }
        if (reasons.contains(HoldReason.TRANSACTION)) {
            return Reason.HELD_TRANSACTION;
        }
        return reasons.equals(DIAGNOSTICS_ONLY) ? Reason.HELD_DIAGNOSTICS : Reason.HELD_CURSOR;
    }

    /**
     * Whether a command whose connection was lost may be placed again elsewhere: nothing of the session lived on that
     * connection but, at most, warnings nobody read and long data the execution will send again.
     */
    boolean replaceable() {
        Set<HoldReason> reasons = reasons();
        reasons.remove(HoldReason.DIAGNOSTICS);
        reasons.remove(HoldReason.LONG_DATA);
        return connection == null && reasons.isEmpty();
    }

    /**
     * The session's connection was lost: everything that lived on it goes. Returns whether that was state the client
     * relies on (a transaction, a pin), in which case the client must lose its connection too, as it would directly.
     */
    boolean lose() {
        boolean stateLost = reasons().stream().anyMatch(HoldReason::carriesState);
        connection = null;
        transaction = false;
        cursor = false;
        longData = false;
        diagnostics.clear();
        return stateLost;
    }

    /**
     * Whether a connection the client leaves behind may serve other sessions: not mid-command, and nothing of this
     * session on it but warnings (a statement's own state, a cursor or long data, is not shared).
     */
    boolean shareableAtClose(boolean midCommand) {
        Set<HoldReason> reasons = reasons();
        reasons.remove(HoldReason.DIAGNOSTICS);
        return !midCommand && reasons.isEmpty();
    }

    /** Forgets every reason, as COM_RESET_CONNECTION does on a server; the connection itself is the caller's. */
    void reset() {
        pin = null;
        transaction = false;
        cursor = false;
        longData = false;
        diagnostics.clear();
    }
}
