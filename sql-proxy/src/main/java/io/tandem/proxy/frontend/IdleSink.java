package io.tandem.proxy.frontend;

import io.tandem.proxy.backend.FrameSink;
import io.tandem.proxy.protocol.codec.MySQLFrame;
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
        LOG.warn("backend sent an unexpected packet between commands: {}", frame);
        frame.release();
    }

    @Override
    public void onClosed(Throwable cause) {
        // an idle connection that closes is found closed and discarded at its next acquire
    }
}
