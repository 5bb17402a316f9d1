package io.tandem.proxy.frontend.command;

import io.tandem.proxy.routing.Reason;

import io.netty.buffer.ByteBuf;
import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.frontend.ClientSession;
import io.tandem.proxy.protocol.ServerError;
import io.tandem.proxy.protocol.ServerStatus;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.relay.ResponseShape;
import io.tandem.proxy.relay.ResponseTracker;
import io.tandem.proxy.relay.ResponseTracker.Packet;
import io.tandem.proxy.session.PreparedStatements.Statement;

/**
 * COM_STMT_EXECUTE on whichever backend connection the session gets: the statement is re-prepared there if needed,
 * its id rewritten, and when the client sends no parameter types (it sent them on an earlier execute, to another
 * connection) the last types are inserted. A cursor keeps the connection for the fetches that follow.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_execute.html">
 *     COM_STMT_EXECUTE</a>
 */
final class StmtExecuteExecutor implements CommandExecutor {

    private static final int CURSOR_TYPE_READ_ONLY = 1;
    /** command byte, statement id, flags, iteration count */
    private static final int PARAMETERS_OFFSET = 1 + 4 + 1 + 4;

    @Override
    public void execute(ClientSession session, MySQLFrame command) {
        Statement statement = session.statements().get(StatementFrames.id(command));
        if (statement == null) {
            int sequenceId = command.nextSequenceId();
            long id = StatementFrames.id(command);
            command.release();
            session.fail(sequenceId, ServerError.UNKNOWN_STATEMENT_HANDLER, "Unknown prepared statement handler ("
                    + id + ") given to mysqld_stmt_execute");
            return;
        }
        if (RelayExecutor.unreportedState(statement.reason())) {
            RelayExecutor.pinIfNeeded(session, statement.sql());
        }
        session.withBackend(command, statement.reason(), null, backend -> Reprepare.ensure(session, backend, statement, command,
                () -> run(session, backend, statement, command)));
    }

    private static void run(ClientSession session, BackendConnection backend, Statement statement,
                            MySQLFrame command) {
        MySQLFrame frame = withTypes(backend, statement, command);
        StatementFrames.id(frame, backend.statement(statement.id()));
        int flags = frame.content().getUnsignedByte(frame.content().readerIndex() + 5);
        boolean cursor = (flags & CURSOR_TYPE_READ_ONLY) != 0;
        session.longDataPending(false);
        session.relay(backend, frame, ResponseShape.RESULT, null, (packet, out) -> {
            if (cursor && (packet == Packet.EOF || packet == Packet.END_OF_ROWS_OK || packet == Packet.OK)) {
                int status = ResponseTracker.statusFlags(out, packet);
                session.cursorOpen(ServerStatus.has(status, ServerStatus.CURSOR_EXISTS));
            }
        });
    }

    /** The frame to send: as received, or with the statement's last parameter types put back in. */
    private static MySQLFrame withTypes(BackendConnection backend, Statement statement, MySQLFrame command) {
        int parameters = statement.parameters();
        if (parameters == 0) {
            return command;
        }
        ByteBuf payload = command.content();
        int flagIndex = payload.readerIndex() + PARAMETERS_OFFSET + (parameters + 7) / 8;
        if (payload.getUnsignedByte(flagIndex) == 1) {
            byte[] types = new byte[parameters * 2];
            payload.getBytes(flagIndex + 1, types);
            statement.types(types);
            backend.typesBound(statement.id(), true);
            return command;
        }
        if (backend.typesBound(statement.id()) || statement.types() == null) {
            return command;
        }
        ByteBuf rebuilt = command.content().alloc().ioBuffer(payload.readableBytes() + parameters * 2);
        rebuilt.writeBytes(payload, payload.readerIndex(), flagIndex - payload.readerIndex());
        rebuilt.writeByte(1).writeBytes(statement.types());
        rebuilt.writeBytes(payload, flagIndex + 1, payload.writerIndex() - flagIndex - 1);
        backend.typesBound(statement.id(), true);
        MySQLFrame replaced = new MySQLFrame(command.sequenceId(), rebuilt);
        command.release();
        return replaced;
    }

}
