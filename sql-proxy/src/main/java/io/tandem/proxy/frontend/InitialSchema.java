package io.tandem.proxy.frontend;

import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.FrameSink;
import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.MySQLPayload;
import io.tandem.proxy.protocol.ServerError;
import io.tandem.proxy.protocol.ServerStatus;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.ErrPacket;
import io.tandem.proxy.protocol.packet.OkPacket;
import io.tandem.proxy.session.SessionChanges;

/**
 * The schema a client names in its handshake, selected on a backend before the login is confirmed: an unknown
 * schema fails the login with the server's own error (1049), exactly as a direct connection would.
 */
final class InitialSchema implements FrameSink {

    private final ClientSession session;
    private final BackendConnection backend;
    private final int sequenceId;

    private InitialSchema(ClientSession session, BackendConnection backend, int sequenceId) {
        this.session = session;
        this.backend = backend;
        this.sequenceId = sequenceId;
    }

    static void select(ClientSession session, BackendConnection backend, MySQLFrame initDb, int sequenceId) {
        backend.sink(new InitialSchema(session, backend, sequenceId));
        backend.send(initDb);
    }

    @Override
    public void onFrame(MySQLFrame frame) {
        var client = session.client();
        try {
            if (frame.firstByte() == ErrPacket.HEADER) {
                ErrPacket err = ErrPacket.read(frame.payload());
                client.writeAndFlush(MySQLFrame.of(client.alloc(), sequenceId, err)).addListener(f -> client.close());
                session.finish(backend);
                return;
            }
            OkPacket ok = OkPacket.read(new MySQLPayload(frame.content()), backend.capabilities());
            session.apply(SessionChanges.parse(ok.sessionState()), null);
            // as a server's login OK: the schema change, to a client whose trackers report it
            byte[] tracked = Capabilities.has(session.capabilities(), Capabilities.SESSION_TRACK)
                    ? session.tracking(backend.defaults()).filter(ok.sessionState()) : new byte[0];
            MySQLFrame answer = new MySQLFrame(sequenceId, client.alloc().ioBuffer());
            OkPacket.plain(ServerStatus.AUTOCOMMIT).withSessionState(tracked)
                    .write(new MySQLPayload(answer.content()), session.capabilities());
            client.writeAndFlush(answer);
        } finally {
            frame.release();
        }
        session.finish(backend);
    }

    @Override
    public void onClosed(Throwable cause) {
        session.fail(sequenceId, ServerError.BACKEND_LOST, "Lost connection to " + backend.key().server()
                + " while selecting the initial schema");
        session.client().close();
    }
}
