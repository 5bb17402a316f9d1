package io.tandem.proxy.frontend.command;

import io.tandem.proxy.frontend.ClientSession;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.relay.ResponseShape;
import io.tandem.proxy.session.PreparedStatements.Statement;

/**
 * COM_STMT_SEND_LONG_DATA (no response): the data accumulates on one server statement, so the session keeps that
 * connection until the EXECUTE that consumes it.
 */
final class StmtSendLongDataExecutor implements CommandExecutor {

    @Override
    public void execute(ClientSession session, MySQLFrame command) {
        Statement statement = session.statements().get(StatementFrames.id(command));
        if (statement == null) {
            // the protocol allows no reply here: MySQL reports the unknown id at the next EXECUTE
            command.release();
            session.finish(session.held().orElse(null));
            return;
        }
        session.withBackend(command, backend -> Reprepare.ensure(session, backend, statement, command, () -> {
            session.longDataPending(true);
            StatementFrames.id(command, backend.statement(statement.id()));
            session.relay(backend, command, ResponseShape.NONE, null, null);
        }));
    }

}
