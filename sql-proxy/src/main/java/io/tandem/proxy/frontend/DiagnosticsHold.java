package io.tandem.proxy.frontend;

import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.routing.Reason;
import io.tandem.proxy.session.StatementHints;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Where a session's warnings and errors can still be read. A statement that leaves some keeps its connection until
 * the session's next command, which may ask for them (SHOW WARNINGS, {@code @@warning_count}, GET DIAGNOSTICS …) and
 * then runs there; any other command lets the connection go, and a diagnostics statement placed on another
 * connection first clears what another session left on it. Owned by one session, on its event loop.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/diagnostics-area.html">The diagnostics area</a>
 */
final class DiagnosticsHold {

    /** How long a connection stays kept for diagnostics nobody asks for: SHOW WARNINGS comes at once or never. */
    static final Duration HOLD = Duration.ofSeconds(2);
    /**
     * Statements that keep the warnings readable (on MariaDB) may run on the kept connection this many times in a
     * row at most: a session whose every statement warns would otherwise keep one connection for itself.
     */
    static final int MAX_CARRIED = 3;

    /** The last statement left warnings or an error on its connection. */
    private boolean left;
    /** The command running reads them (a diagnostics statement, or one they outlive). */
    private boolean reading;
    /** Counts the times a connection was kept, so that a late release timer releases only its own. */
    private long holds;
    /** When the kept connection was first kept: statements that keep the warnings may use it this long at most. */
    private long keptSince;
    /** Statements run on the kept connection since it was first kept, for the warnings they did not clear. */
    private int carried;

    boolean left() {
        return left;
    }

    /** The diagnostics are gone (the connection was released, lost, or the session reset). */
    void clear() {
        left = false;
    }

    /**
     * A command starts with a connection kept for its diagnostics only ({@code kept}, else null): whether it reads
     * them, and so runs on that connection.
     */
    boolean begin(Reason reason, BackendConnection kept, Supplier<String> sql) {
        boolean carry = reason != Reason.DIAGNOSTICS && kept != null && carried < MAX_CARRIED
                && System.nanoTime() - keptSince < HOLD.toNanos() && outlive(kept, sql);
        if (carry) {
            carried++;
        }
        reading = reason == Reason.DIAGNOSTICS || carry;
        return reading;
    }

    /**
     * Whether the previous statement's warnings outlive {@code sql} on {@code connection}'s server: MariaDB keeps
     * them through a statement that uses no table and raises nothing; MySQL clears them for every statement but a
     * diagnostics one.
     */
    private static boolean outlive(BackendConnection connection, Supplier<String> sql) {
        return !connection.defaults().mysql() && sql != null && StatementHints.usesNoTables(sql.get());
    }

    /** Whether the command running reads the session's diagnostics: placed elsewhere, it must clear others'. */
    boolean reading() {
        return reading;
    }

    /**
     * How the statement being answered ended: warnings or an error stay readable on its connection; a statement that
     * read them on the connection kept for them ({@code onKept}) keeps them readable, as a server does.
     */
    void statementEnded(int warnings, boolean error, boolean onKept) {
        left = error || warnings > 0 || (reading && onKept);
    }

    /** The connection is kept for diagnostics only ({@code again}: the one already kept); its release timer's number. */
    long kept(boolean again) {
        if (!again || !reading) {
            keptSince = System.nanoTime();
            carried = 0;
        }
        return ++holds;
    }

    /** Whether {@code hold} is still the latest keeping of the connection. */
    boolean current(long hold) {
        return hold == holds;
    }

    /** The command is over. */
    void commandDone() {
        reading = false;
    }
}
