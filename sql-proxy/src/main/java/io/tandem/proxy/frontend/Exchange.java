package io.tandem.proxy.frontend;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.FrameSink;
import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.MySQLPayload;
import io.tandem.proxy.protocol.ServerStatus;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.EofPacket;
import io.tandem.proxy.protocol.packet.OkPacket;
import io.tandem.proxy.relay.PrepareSentinel;
import io.tandem.proxy.relay.ResponseShape;
import io.tandem.proxy.relay.ResponseTracker;
import io.tandem.proxy.relay.ResponseTracker.Packet;
import io.tandem.proxy.session.SessionChanges;

import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One command relayed to a backend and its response relayed back, packet by packet, as buffer slices. OK packets
 * are read for status flags and session state (and rewritten when the client did not ask for session tracking);
 * everything else passes untouched. A client that reads slowly stops the backend from being read, so no result is
 * ever buffered whole.
 */
final class Exchange implements FrameSink {

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    private static final int READ_ONLY_ERROR = 1290;

    private final ClientSession session;
    private final BackendConnection connection;
    private final ResponseTracker tracker;
    private final Supplier<String> sql;
    private final BiConsumer<Packet, MySQLFrame> observer;
    private final Channel client;
    private int nextSequenceId = 1;
    /** Some of the response reached the client: the statement can no longer be sent elsewhere. */
    private boolean answered;
    /** The warning count of the last OK or EOF, and whether the response ended in an error. */
    private int warnings;
    private boolean error;
    /** The command, kept readable while {@link #sql} may still decode it (the encoder releases what it sent). */
    private MySQLFrame retainedCommand;

    /**
     * @param sql the statement text, decoded only if a pin reason must be named; null for other commands
     * @param observer sees each classified packet before it is relayed (prepared statement ids, cursors)
     */
    Exchange(ClientSession session, BackendConnection connection, ResponseShape shape, Supplier<String> sql,
             BiConsumer<Packet, MySQLFrame> observer) {
        this.session = session;
        this.connection = connection;
        this.tracker = new ResponseTracker(shape, connection.capabilities());
        this.sql = sql;
        this.observer = observer;
        this.client = session.client();
    }

    void send(MySQLFrame command) {
        nextSequenceId = command.nextSequenceId();
        if (sql != null) {
            retainedCommand = command.retain();
        }
        connection.sink(this);
        connection.send(command);
        if (tracker.awaitsSentinel()) {
            connection.send(PrepareSentinel.frame(client.alloc()));
        }
        if (tracker.done()) {
            releaseCommand();
            session.finish(connection);
        }
    }

    private void releaseCommand() {
        if (retainedCommand != null) {
            retainedCommand.release();
            retainedCommand = null;
        }
    }

    @Override
    public void onFrame(MySQLFrame frame) {
        try {
            relay(frame);
        } catch (RuntimeException e) {
            if (frame.refCnt() > 0) {
                LOG.warn("conn {}: cannot relay a packet from {}: {}; packet: {}", session.connectionId(),
                        connection.key().server(), e.getMessage(), ByteBufUtil.hexDump(frame.content(),
                                frame.content().readerIndex(), Math.min(frame.length(), 256)));
                frame.release();
            } else {
                LOG.warn("conn {}: cannot relay a packet from {}: {}", session.connectionId(),
                        connection.key().server(), e.getMessage());
            }
            throw e;
        }
    }

    private void relay(MySQLFrame frame) {
        Packet packet = tracker.next(frame);
        if (packet == Packet.ERR && !answered && readOnlyRefusal(frame) && session.replaceAfterReadOnly(connection)) {
            // not executed, and placed again once writes flow: the client never sees this error
            frame.release();
            releaseCommand();
            return;
        }
        if (packet == Packet.SENTINEL) {
            frame.release();
            client.flush();
            releaseCommand();
            session.statementEnded(warnings, error);
            session.finish(connection);
            return;
        }
        nextSequenceId = frame.nextSequenceId();
        MySQLFrame out = frame;
        switch (packet) {
            case OK, END_OF_ROWS_OK -> out = ok(frame);
            case EOF -> {
                EofPacket eof = EofPacket.read(new MySQLPayload(frame.content().duplicate()));
                session.transactionStatus(eof.statusFlags());
                warnings = eof.warnings();
                out = eof(frame, eof);
            }
            case ERR -> error = true;
            case LOCAL_INFILE_REQUEST -> session.localInfile(this);
            default -> {
            }
        }
        if (observer != null) {
            observer.accept(packet, out);
        }
        answered = true;
        client.write(out, client.voidPromise());
        if (tracker.done()) {
            client.flush();
            releaseCommand();
            session.statementEnded(warnings, error);
            session.finish(connection);
        } else if (!client.isWritable()) {
            client.flush();
            connection.autoRead(false);
            LOG.debug("conn {}: client not writable, pausing {}", session.connectionId(), connection);
        }
    }

    /** ER_OPTION_PREVENTS_STATEMENT: the server runs with read_only (or super_read_only) and refused the write. */
    private static boolean readOnlyRefusal(MySQLFrame frame) {
        return frame.length() >= 3
                && frame.content().getUnsignedShortLE(frame.content().readerIndex() + 1) == READ_ONLY_ERROR;
    }

    private MySQLFrame ok(MySQLFrame frame) {
        OkPacket ok = OkPacket.read(new MySQLPayload(frame.content().duplicate()),
                connection.capabilities());
        session.apply(SessionChanges.parse(ok.sessionState()), sql);
        warnings = ok.warnings();
        session.transactionStatus(ok.statusFlags());
        if (Capabilities.has(session.capabilities(), Capabilities.SESSION_TRACK)) {
            // the client sees only what its own trackers report, not what the proxy turned on for itself
            byte[] kept = session.tracking(connection.defaults()).filter(ok.sessionState());
            if (kept == ok.sessionState()) {
                return frame;
            }
            ok = ok.withSessionState(kept);
        }
        MySQLFrame rewritten = new MySQLFrame(frame.sequenceId(), client.alloc().ioBuffer(frame.length()));
        ok.write(new MySQLPayload(rewritten.content()), session.capabilities());
        frame.release();
        return rewritten;
    }

    /**
     * An EOF as the client's own session would have it: a client without CLIENT_SESSION_TRACK never sees
     * SERVER_SESSION_STATE_CHANGED, which the proxy's own tracking makes the server set (MariaDB after INSERT …
     * RETURNING).
     */
    private MySQLFrame eof(MySQLFrame frame, EofPacket eof) {
        if (Capabilities.has(session.capabilities(), Capabilities.SESSION_TRACK)
                || !ServerStatus.has(eof.statusFlags(), ServerStatus.SESSION_STATE_CHANGED)) {
            return frame;
        }
        MySQLFrame rewritten = MySQLFrame.of(client.alloc(), frame.sequenceId(), new EofPacket(eof.warnings(),
                eof.statusFlags() & ~ServerStatus.SESSION_STATE_CHANGED));
        frame.release();
        return rewritten;
    }

    /** LOAD DATA LOCAL INFILE content from the client, passed on as is; the empty packet ends it. */
    void clientData(MySQLFrame frame) {
        boolean last = frame.length() == 0;
        connection.send(frame);
        if (last) {
            tracker.localInfileSent();
        }
    }

    /**
     * After each backend read batch: flush, then decide again whether to keep reading. The client may have become
     * writable while this batch was relayed, and that event came before a later packet paused the backend, so
     * waiting for the next event alone could wait forever.
     */
    @Override
    public void onReadComplete() {
        client.flush();
        if (!tracker.done()) {
            connection.autoRead(client.isWritable());
        }
    }

    @Override
    public void onClosed(Throwable cause) {
        releaseCommand();
        session.backendLost(connection, nextSequenceId, cause, answered);
    }
}
