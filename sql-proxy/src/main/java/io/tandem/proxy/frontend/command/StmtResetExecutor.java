package io.tandem.proxy.frontend.command;

import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.frontend.ClientSession;
import io.tandem.proxy.protocol.ServerError;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.relay.ResponseShape;

/**
 * COM_STMT_RESET: clears long data and closes a cursor. Both only exist on a connection the session holds; with
 * none, there is nothing to reset and the proxy answers OK itself.
 */
final class StmtResetExecutor implements CommandExecutor {

    @Override
    public void execute(ClientSession session, MySQLFrame command) {
        long id = StatementFrames.id(command);
        int sequenceId = command.nextSequenceId();
        if (session.statements().get(id) == null) {
            command.release();
            session.fail(sequenceId, ServerError.UNKNOWN_STATEMENT_HANDLER, "Unknown prepared statement handler ("
                    + id + ") given to mysqld_stmt_reset");
            return;
        }
        session.cursorOpen(false);
        session.longDataPending(false);
        BackendConnection backend = session.held().orElse(null);
        Long serverId = backend == null ? null : backend.statement(id);
        if (serverId == null) {
            command.release();
            session.ok(sequenceId);
            return;
        }
        StatementFrames.id(command, serverId);
        session.withBackend(command, held -> session.relay(held, command, ResponseShape.SINGLE, null, null));
    }
}
