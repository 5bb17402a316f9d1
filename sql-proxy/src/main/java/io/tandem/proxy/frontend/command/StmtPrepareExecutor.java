package io.tandem.proxy.frontend.command;

import io.tandem.proxy.routing.Reason;

import io.tandem.proxy.frontend.ClientSession;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.relay.ResponseShape;
import io.tandem.proxy.relay.ResponseTracker.Packet;
import io.tandem.proxy.session.KillGuard;
import io.tandem.proxy.session.PreparedStatements.Statement;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * COM_STMT_PREPARE: prepared on the backend, answered to the client under a proxy-wide statement id, so the
 * statement can later run on any backend connection.
 */
final class StmtPrepareExecutor implements CommandExecutor {

    @Override
    public void execute(ClientSession session, MySQLFrame command) {
        String sql = command.content().toString(command.content().readerIndex() + 1, command.length() - 1,
                StandardCharsets.UTF_8);
        Optional<String> refusal = KillGuard.mentionsKill(command.content(), command.content().readerIndex() + 1,
                command.length() - 1) ? KillGuard.refusalToPrepare(sql) : Optional.empty();
        if (refusal.isPresent()) {
            KillExecutor.refuse(session, command, refusal.get());
            return;
        }
        Reason reason = session.reasonFor(session.classify(sql));
        session.withBackend(command, backend -> session.relay(backend, command, ResponseShape.PREPARE, null,
                (packet, frame) -> {
                    if (packet != Packet.PREPARE_OK) {
                        return;
                    }
                    int parameters = frame.content().getUnsignedShortLE(frame.content().readerIndex() + 7);
                    Statement statement = session.statements().register(sql, parameters, reason);
                    backend.statement(statement.id(), StatementFrames.id(frame));
                    StatementFrames.id(frame, statement.id());
                }));
    }
}
