package io.tandem.proxy.relay;

import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.MySQLPayload;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.EofPacket;
import io.tandem.proxy.protocol.packet.ErrPacket;
import io.tandem.proxy.protocol.packet.OkPacket;

/**
 * Follows one command's response packet by packet without decoding rows: counts column definitions, recognises
 * OK, EOF and ERR packets in the places the protocol allows them, follows SERVER_MORE_RESULTS_EXISTS across
 * result sets, and says when the response is complete. Rows are never parsed: only their first byte and length
 * are looked at.
 *
 * <p>A prepare response is followed as the server sends it, not as its COM_STMT_PREPARE_OK announces it: MySQL
 * 8.0.31 counts a parameter of {@code ORDER BY ?} in the header and sends no definition for it. With EOF packets the
 * EOF that ends each block says where it ends; under CLIENT_DEPRECATE_EOF nothing in the response does, so the
 * sender follows COM_STMT_PREPARE with a {@link PrepareSentinel}, and the response ends where the sentinel's own
 * answer begins ({@link Packet#SENTINEL}, which is not the client's to see).
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response.html">COM_QUERY
 *     response</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_prepare.html">
 *     COM_STMT_PREPARE response</a>
 */
public final class ResponseTracker {

    /** What a packet was, for the relay: OK-like packets carry status flags and session state. */
    public enum Packet { OK, END_OF_ROWS_OK, EOF, ERR, LOCAL_INFILE_REQUEST, PREPARE_OK, DATA, SENTINEL }

    private enum State { FIRST, COLUMNS, COLUMNS_EOF, ROWS, PREPARE_DEFINITIONS, LOCAL_INFILE, SENTINEL, DONE }

    private final boolean deprecateEof;
    /** A prepare response under DEPRECATE_EOF: it ends at the answer to the {@link PrepareSentinel} after it. */
    private final boolean sentinel;
    private final ResponseShape shape;
    private State state;
    private long columnsLeft;
    private int prepareColumns;
    private int statusFlags;

    public ResponseTracker(ResponseShape shape, int capabilities) {
        this.shape = shape;
        this.deprecateEof = Capabilities.has(capabilities, Capabilities.DEPRECATE_EOF);
        this.sentinel = shape == ResponseShape.PREPARE && deprecateEof;
        this.state = switch (shape) {
            case ROWS -> State.ROWS;
            case NONE -> State.DONE;
            default -> State.FIRST;
        };
    }

    /** Whether the command must be followed by a {@link PrepareSentinel}, whose answer ends this response. */
    public boolean awaitsSentinel() {
        return sentinel;
    }

    public boolean done() {
        return state == State.DONE;
    }

    /** Status flags of the last OK or EOF seen. */
    public int statusFlags() {
        return statusFlags;
    }

    /** Classifies the next packet and advances. */
    public Packet next(MySQLFrame frame) {
        int first = frame.firstByte();
        int length = frame.length();
        if (first == ErrPacket.HEADER && state != State.COLUMNS && state != State.PREPARE_DEFINITIONS
                && state != State.SENTINEL) {
            state = sentinel ? State.SENTINEL : State.DONE;
            return Packet.ERR;
        }
        return switch (state) {
            case FIRST -> first(frame, first);
            case COLUMNS -> column();
            case COLUMNS_EOF -> columnsEof(frame);
            case ROWS -> row(frame, first, length);
            case PREPARE_DEFINITIONS -> prepareDefinition(frame, first, length);
            case LOCAL_INFILE -> first(frame, first);
            case SENTINEL -> sentinelAnswer(first);
            case DONE -> throw new IllegalStateException("packet after the end of the response: " + frame);
        };
    }

    /** The client sent its LOCAL INFILE data; the server's OK or ERR follows. */
    public void localInfileSent() {
        state = State.LOCAL_INFILE;
    }

    private Packet first(MySQLFrame frame, int first) {
        if (shape == ResponseShape.ANY_SINGLE) {
            state = State.DONE;
            return Packet.DATA;
        }
        if (shape == ResponseShape.PREPARE) {
            return prepareOk(frame);
        }
        if (first == OkPacket.HEADER || (shape == ResponseShape.SINGLE && first == EofPacket.HEADER)) {
            statusFlags = status(frame, first == OkPacket.HEADER ? 0 : -1);
            endOfResult();
            return first == OkPacket.HEADER ? Packet.OK : Packet.EOF;
        }
        if (first == 0xFB) {
            return Packet.LOCAL_INFILE_REQUEST;
        }
        MySQLPayload payload = frame.content().isReadable() ? new MySQLPayload(frame.content().duplicate()) : null;
        columnsLeft = payload == null ? 0 : payload.readIntLenenc();
        state = columnsLeft > 0 ? State.COLUMNS : State.DONE;
        return Packet.DATA;
    }

    private Packet column() {
        if (--columnsLeft == 0) {
            state = deprecateEof ? State.ROWS : State.COLUMNS_EOF;
        }
        return Packet.DATA;
    }

    private Packet columnsEof(MySQLFrame frame) {
        statusFlags = status(frame, -1);
        // a cursor was opened: rows come later, through COM_STMT_FETCH
        state = (statusFlags & io.tandem.proxy.protocol.ServerStatus.CURSOR_EXISTS) != 0 ? State.DONE : State.ROWS;
        return Packet.EOF;
    }

    private Packet row(MySQLFrame frame, int first, int length) {
        if (first == EofPacket.HEADER && (deprecateEof ? length < MySQLFrame.MAX_FRAME_PAYLOAD : length < 9)) {
            statusFlags = status(frame, deprecateEof ? 0 : -1);
            endOfResult();
            return deprecateEof ? Packet.END_OF_ROWS_OK : Packet.EOF;
        }
        return Packet.DATA;
    }

    private Packet prepareOk(MySQLFrame frame) {
        MySQLPayload payload = new MySQLPayload(frame.content().duplicate());
        payload.skip(5);
        prepareColumns = payload.readInt2();
        int params = payload.readInt2();
        columnsLeft = params;
        if (params == 0 && prepareColumns == 0) {
            state = sentinel ? State.SENTINEL : State.DONE;
        } else {
            state = State.PREPARE_DEFINITIONS;
            if (params == 0) {
                columnsLeft = prepareColumns;
                prepareColumns = 0;
            }
        }
        return Packet.PREPARE_OK;
    }

    /**
     * Parameter definitions, their EOF, column definitions, their EOF. Each block ends at its EOF, however many
     * definitions the header announced; without EOFs (DEPRECATE_EOF) the definitions run up to the sentinel's answer.
     */
    private Packet prepareDefinition(MySQLFrame frame, int first, int length) {
        if (sentinel) {
            // a definition starts with its catalog ("def"); the sentinel's answer is an OK (or an ERR)
            return first == OkPacket.HEADER || first == ErrPacket.HEADER ? sentinelAnswer(first) : Packet.DATA;
        }
        if (EofPacket.is(first, length)) {
            nextDefinitionBlock();
            return Packet.EOF;
        }
        if (columnsLeft == 0) {
            throw new io.tandem.proxy.protocol.MalformedPacketException(
                    "more definitions than announced in a prepare response");
        }
        columnsLeft--;
        return Packet.DATA;
    }

    private Packet sentinelAnswer(int first) {
        if (first != OkPacket.HEADER && first != ErrPacket.HEADER) {
            throw new io.tandem.proxy.protocol.MalformedPacketException(
                    "expected the answer to the prepare sentinel, got a packet starting 0x" + Integer.toHexString(first));
        }
        state = State.DONE;
        return Packet.SENTINEL;
    }

    private void nextDefinitionBlock() {
        if (prepareColumns > 0) {
            columnsLeft = prepareColumns;
            prepareColumns = 0;
        } else {
            state = State.DONE;
        }
    }

    private void endOfResult() {
        boolean more = (statusFlags & io.tandem.proxy.protocol.ServerStatus.MORE_RESULTS_EXISTS) != 0;
        state = more ? State.FIRST : State.DONE;
    }

    /** Status flags of a packet classified OK, END_OF_ROWS_OK or EOF, without consuming the frame. */
    public static int statusFlags(MySQLFrame frame, Packet packet) {
        return status(frame, packet == Packet.EOF ? -1 : 0);
    }

    /** Status flags of an OK ({@code 0}) or an EOF ({@code -1}) without consuming the frame. */
    private static int status(MySQLFrame frame, int kind) {
        MySQLPayload payload = new MySQLPayload(frame.content().duplicate());
        payload.skip(1);
        if (kind == -1 && frame.length() < 9) {
            payload.skip(2);
            return payload.readInt2();
        }
        payload.readIntLenenc();
        payload.readIntLenenc();
        return payload.readInt2();
    }
}
