package io.tandem.proxy.frontend.command;

import io.tandem.proxy.frontend.ClientSession;
import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.relay.ResponseShape;
import io.tandem.proxy.routing.Classification;
import io.tandem.proxy.routing.PacketText;
import io.tandem.proxy.routing.Reason;
import io.tandem.proxy.session.KillStatement;

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
        if (mayBeKill(command)) {
            Optional<KillStatement> kill = KillStatement.parse(sql.get());
            if (kill.isPresent()) {
                KillExecutor.kill(session, command, kill.get(), session.sessions());
                return;
            }
        }
        Reason reason = session.holdsConnection() ? Reason.HELD_TRANSACTION : route(session, command, from, length);
        session.withBackend(command, reason, backend -> session.relay(backend, command, shape, sql, null));
    }

    /** Why the statement goes where it may, from its text: a session holding a connection needs no classifying. */
    private static Reason route(ClientSession session, MySQLFrame command, int from, int length) {
        Classification classification = session.classify(new PacketText(command.content(), from, length));
        if (classification.readOnlyTransaction() && session.readOnlyTransactionsOnReplicas()) {
            return Reason.READ_ONLY_TRANSACTION;
        }
        return classification.reason();
    }

    /** A cheap look at the first character: KILL starts with K, or a comment may hide it. */
    private static boolean mayBeKill(MySQLFrame command) {
        var payload = command.content();
        for (int i = payload.readerIndex() + 1; i < payload.writerIndex(); i++) {
            int c = payload.getUnsignedByte(i);
            if (!Character.isWhitespace(c)) {
                return c == 'K' || c == 'k' || c == '/' || c == '#' || c == '-';
            }
        }
        return false;
    }
}
