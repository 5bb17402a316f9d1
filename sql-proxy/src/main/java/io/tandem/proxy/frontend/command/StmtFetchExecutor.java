package io.tandem.proxy.frontend.command;

import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.frontend.ClientSession;
import io.tandem.proxy.protocol.ServerError;
import io.tandem.proxy.protocol.ServerStatus;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.relay.ResponseShape;
import io.tandem.proxy.relay.ResponseTracker;
import io.tandem.proxy.relay.ResponseTracker.Packet;

/** COM_STMT_FETCH: more rows of an open cursor, from the connection the cursor lives on. */
final class StmtFetchExecutor implements CommandExecutor {

    @Override
    public void execute(ClientSession session, MySQLFrame command) {
        long id = StatementFrames.id(command);
        BackendConnection backend = session.held().orElse(null);
        Long serverId = backend == null ? null : backend.statement(id);
        if (serverId == null || session.statements().get(id) == null) {
            int sequenceId = command.nextSequenceId();
            command.release();
            session.fail(sequenceId, ServerError.UNKNOWN_STATEMENT_HANDLER, "Unknown prepared statement handler ("
                    + id + ") given to mysqld_stmt_fetch (no open cursor)");
            return;
        }
        StatementFrames.id(command, serverId);
        session.withBackend(command, held -> session.relay(held, command, ResponseShape.ROWS, null, (packet, out) -> {
            if (packet == Packet.EOF || packet == Packet.END_OF_ROWS_OK) {
                if (ServerStatus.has(ResponseTracker.statusFlags(out, packet), ServerStatus.LAST_ROW_SENT)) {
                    session.cursorOpen(false);
                }
            }
        }));
    }

}
