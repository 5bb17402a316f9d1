package io.tandem.proxy.backend;

import io.tandem.proxy.protocol.codec.MySQLFrame;

/** Whoever currently consumes a backend connection's packets: its handshake, a relayed command, a replay. */
public interface FrameSink {

    /** A packet from the server; the sink owns (and must release or pass on) the frame. */
    void onFrame(MySQLFrame frame);

    /** The connection closed or failed; {@code cause} may be null for a clean close. */
    void onClosed(Throwable cause);

    /** The end of one read batch: the moment to flush what was relayed. */
    default void onReadComplete() {
    }
}
