package io.tandem.proxy.frontend;

import io.tandem.proxy.backend.FrameSink;
import io.tandem.proxy.protocol.ServerError;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.ErrPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sink of a backend connection between commands: anything arriving then is a protocol error. */
final class IdleSink implements FrameSink {

    static final IdleSink INSTANCE = new IdleSink();

    private static final Logger LOG = LoggerFactory.getLogger(IdleSink.class);

    private IdleSink() {
    }

    @Override
    public void onFrame(MySQLFrame frame) {
        if (frame.firstByte() == ErrPacket.HEADER && ErrPacket.read(frame.payload()).errorCode()
                == ServerError.CLIENT_INTERACTION_TIMEOUT.code()) {
            // the server timed out an idle pooled connection (a session's wait_timeout was replayed on it): the
            // close follows, and the connection is found closed and discarded at its next acquire
            LOG.debug("backend timed out an idle connection: {}", frame);
        } else {
            LOG.warn("backend sent an unexpected packet between commands: {}", frame);
        }
        frame.release();
    }

    @Override
    public void onClosed(Throwable cause) {
        // an idle connection that closes is found closed and discarded at its next acquire
    }
}
