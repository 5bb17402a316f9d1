package io.tandem.proxy.frontend.command;

import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.FrameSink;
import io.tandem.proxy.frontend.ClientSession;
import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.ErrPacket;
import io.tandem.proxy.protocol.packet.TextCommand;
import io.tandem.proxy.relay.PrepareSentinel;
import io.tandem.proxy.relay.ResponseShape;
import io.tandem.proxy.relay.ResponseTracker;
import io.tandem.proxy.session.PreparedStatements.Statement;

/**
 * Prepares a session's statement on a backend connection that has not seen it, lazily, right before it is
 * executed there. The server's answer is consumed here; the client only sees its EXECUTE's result.
 */
final class Reprepare implements FrameSink {

    private final ClientSession session;
    private final BackendConnection connection;
    private final Statement statement;
    private final MySQLFrame command;
    private final Runnable then;
    private final ResponseTracker tracker;
    private ErrPacket error;

    private Reprepare(ClientSession session, BackendConnection connection, Statement statement, MySQLFrame command,
                      Runnable then) {
        this.session = session;
        this.connection = connection;
        this.statement = statement;
        this.command = command;
        this.then = then;
        this.tracker = new ResponseTracker(ResponseShape.PREPARE, connection.capabilities());
    }

    /** Runs {@code then} once {@code statement} is prepared on {@code connection}. */
    static void ensure(ClientSession session, BackendConnection connection, Statement statement, MySQLFrame command,
                       Runnable then) {
        if (connection.statement(statement.id()) != null) {
            then.run();
            return;
        }
        MySQLFrame prepare = MySQLFrame.of(connection.channel().alloc(), 0,
                new TextCommand(CommandType.STMT_PREPARE, statement.sql()));
        Reprepare reprepare = new Reprepare(session, connection, statement, command, then);
        connection.sink(reprepare);
        connection.send(prepare);
        if (reprepare.tracker.awaitsSentinel()) {
            connection.send(PrepareSentinel.frame(connection.channel().alloc()));
        }
    }

    @Override
    public void onFrame(MySQLFrame frame) {
        try {
            ResponseTracker.Packet packet = tracker.next(frame);
            if (packet == ResponseTracker.Packet.PREPARE_OK) {
                connection.statement(statement.id(), StatementFrames.id(frame));
            } else if (packet == ResponseTracker.Packet.ERR) {
                error = ErrPacket.read(frame.payload());
            }
        } finally {
            frame.release();
        }
        if (!tracker.done()) {
            return;
        }
        if (error != null) {
            int sequenceId = command.nextSequenceId();
            command.release();
            session.finishWithError(connection, sequenceId, error);
        } else {
            then.run();
        }
    }

    @Override
    public void onClosed(Throwable cause) {
        int sequenceId = command.nextSequenceId();
        command.release();
        session.backendLost(connection, sequenceId, cause, false);
    }
}
