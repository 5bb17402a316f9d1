package io.tandem.proxy.frontend.command;

import io.tandem.proxy.frontend.ClientConnectionStatus;
import io.tandem.proxy.frontend.ClientSession;
import io.tandem.proxy.frontend.SessionStatusRewriter;
import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.relay.ResponseShape;
import io.tandem.proxy.routing.PacketText;
import io.tandem.proxy.routing.Reason;
import io.tandem.proxy.routing.ShowStatusStatement;
import io.tandem.proxy.session.KillGuard;
import io.tandem.proxy.session.KillStatement;
import io.tandem.proxy.session.PinReason;
import io.tandem.proxy.session.StatementHints;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Commands the backend answers as is: COM_QUERY, COM_INIT_DB, COM_FIELD_LIST, COM_STATISTICS. A query is classified
 * from its bytes and placed by the session (primary, replica, held connection); the other commands go to the
 * primary. The session's state changes come back in the OK packets' tracking information.
 */
final class RelayExecutor implements CommandExecutor {

    private final CommandType type;
    private final ResponseShape shape;

    RelayExecutor(CommandType type) {
        this.type = type;
        this.shape = ResponseShape.of(type);
    }

    @Override
    public void execute(ClientSession session, MySQLFrame command) {
        if (type != CommandType.QUERY) {
            session.withBackend(command, backend -> session.relay(backend, command, shape, null, null));
            return;
        }
        // absolute offsets: sending the frame moves its reader index, while the exchange keeps the bytes alive
        int from = command.content().readerIndex() + 1;
        int length = command.length() - 1;
        // decoded at most once, and only when needed: for KILL, or to name why a statement pins the session
        Supplier<String> sql = new Supplier<>() {
            private String text;

            @Override
            public String get() {
                if (text == null) {
                    text = command.content().toString(from, length, StandardCharsets.UTF_8);
                }
                return text;
            }
        };
        if (KillGuard.mentionsKill(command.content(), from, length)) {
            Optional<KillStatement> kill = KillStatement.parse(sql.get());
            if (kill.isPresent()) {
                KillExecutor.kill(session, command, kill.get(), session.sessions());
                return;
            }
            Optional<String> refusal = KillGuard.refusal(sql.get());
            if (refusal.isPresent()) {
                KillExecutor.refuse(session, command, refusal.get());
                return;
            }
        }
        Reason reason = route(session, command, from, length);
        // the classifier already told SHOW apart: only those are decoded to look for SHOW STATUS
        if ((reason == Reason.SHOW || reason == Reason.OWN_DEFINITIONS)
                && ShowStatusStatement.isSessionStatus(sql.get())) {
            clientStatus(session);
        }
        if (reason == Reason.READ && session.definedSchema() && readsDictionary(sql.get())) {
            reason = Reason.OWN_DEFINITIONS;
        }
        if (unreportedState(reason)) {
            pinIfNeeded(session, sql.get());
        }
        session.withBackend(command, reason, sql, backend -> session.relay(backend, command, shape, sql, null));
    }

    /** Why the statement goes where it may, from its text: a session holding a connection needs no classifying. */
    private static Reason route(ClientSession session, MySQLFrame command, int from, int length) {
        return session.reasonFor(session.classify(new PacketText(command.content(), from, length)));
    }

    /**
     * Statements whose effect on the session the server does not report through state tracking (MySQL 8.0 flags
     * neither GET_LOCK, LOCK TABLES, {@code SELECT … INTO @var} nor {@code GET DIAGNOSTICS @var = …}).
     */
    static boolean unreportedState(Reason reason) {
        return reason == Reason.LOCKING_FUNCTION || reason == Reason.LOCK_TABLES || reason == Reason.SELECT_INTO
                || reason == Reason.USER_VARIABLE_ASSIGNMENT || reason == Reason.DIAGNOSTICS;
    }

    /**
     * Locks and user variables the statement creates stay with the connection that ran it: the session keeps that
     * connection, or they would pass to whoever gets it next and be missing from the session's next statement.
     */
    static void pinIfNeeded(ClientSession session, String sql) {
        StatementHints.pinReason(sql).filter(reason -> reason == PinReason.USER_LOCK
                || reason == PinReason.LOCK_TABLES || reason == PinReason.USER_VARIABLE).ifPresent(session::pinWhenDone);
    }

    private static boolean readsDictionary(String sql) {
        return sql.toLowerCase(java.util.Locale.ROOT).contains("information_schema");
    }

    /**
     * SHOW [SESSION] STATUS: its rows about the connection itself (TLS, compression) must describe the client's
     * connection to the proxy, whichever backend connection answers.
     */
    private static void clientStatus(ClientSession session) {
        SessionStatusRewriter rewriter = session.client().pipeline().get(SessionStatusRewriter.class);
        if (rewriter != null) {
            rewriter.arm(ClientConnectionStatus.of(session.client()),
                    Capabilities.has(session.capabilities(), Capabilities.DEPRECATE_EOF));
        }
    }
}
