package io.tandem.proxy.frontend.command;

import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.frontend.ClientSession;
import io.tandem.proxy.protocol.codec.MySQLFrame;

/**
 * COM_STMT_CLOSE (no response): forgotten by the session, and closed on the connection it holds, if prepared there.
 * Copies on idle pooled connections are closed by the pool at once, on busy ones when they come back.
 */
final class StmtCloseExecutor implements CommandExecutor {

    @Override
    public void execute(ClientSession session, MySQLFrame command) {
        long id = StatementFrames.id(command);
        if (session.statements().remove(id) != null) {
            session.pool().closeStaleStatements();
        }
        BackendConnection backend = session.held().orElse(null);
        Long serverId = backend == null ? null : backend.forgetStatement(id);
        if (serverId != null) {
            StatementFrames.id(command, serverId);
            backend.send(command);
            session.cursorOpen(false);
        } else {
            command.release();
        }
        session.finish(backend);
    }
}
