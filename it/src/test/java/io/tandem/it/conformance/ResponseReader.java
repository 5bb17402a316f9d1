package io.tandem.it.conformance;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one whole response off a {@link PacketChannel}, knowing from the command what may come: result sets (text
 * or binary, with or without EOF packets, one after another while MORE_RESULTS_EXISTS is set), a LOCAL INFILE
 * request (answered with the script's data), a COM_STMT_PREPARE answer, rows of a COM_STMT_FETCH, a COM_FIELD_LIST
 * answer. A closed connection or a silent server ends the response with a marker instead of an exception.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response.html">
 *     COM_QUERY response</a>
 */
final class ResponseReader {

    private final PacketChannel channel;
    private final boolean deprecateEof;
    private final List<Received> received = new ArrayList<>();

    private ResponseReader(PacketChannel channel, boolean deprecateEof) {
        this.channel = channel;
        this.deprecateEof = deprecateEof;
    }

    /** What a command can be answered with. */
    enum Shape { RESULTS, BINARY_RESULTS, CURSOR_RESULTS, PREPARE, FETCH, FIELD_LIST, SINGLE }

    /** The response of the command just sent; {@code infileData} answers a LOCAL INFILE request. */
    static List<Received> read(PacketChannel channel, boolean deprecateEof, Shape shape, byte[] infileData)
            throws IOException {
        ResponseReader reader = new ResponseReader(channel, deprecateEof);
        try {
            switch (shape) {
                case RESULTS -> reader.results(Role.TEXT_ROW, false, infileData);
                case BINARY_RESULTS -> reader.results(Role.BINARY_ROW, false, infileData);
                case CURSOR_RESULTS -> reader.results(Role.BINARY_ROW, true, infileData);
                case PREPARE -> reader.prepare();
                case FETCH -> reader.rows(Role.BINARY_ROW);
                case FIELD_LIST -> reader.fieldList();
                case SINGLE -> reader.single();
            }
        } catch (EOFException | java.net.SocketException closed) {
            reader.received.add(Received.none(Role.CLOSED));
        } catch (SocketTimeoutException silent) {
            reader.received.add(Received.none(Role.TIMEOUT));
        }
        return reader.received;
    }

    private Packet next(Role role) throws IOException {
        Packet packet = channel.read();
        received.add(new Received(role, packet));
        return packet;
    }

    private void single() throws IOException {
        Packet packet = channel.read();
        received.add(new Received(roleOfStatus(packet), packet));
    }

    private void results(Role rowRole, boolean cursor, byte[] infileData) throws IOException {
        boolean more = true;
        while (more) {
            Packet first = channel.read();
            switch (first.header()) {
                case 0x00 -> {
                    received.add(new Received(Role.OK, first));
                    more = hasMoreResults(received.get(received.size() - 1));
                }
                case 0xFF -> {
                    received.add(new Received(Role.ERR, first));
                    more = false;
                }
                case 0xFE -> {
                    // not a result's start: recorded as it came (the server's framing is the reference), and the
                    // answer goes on only if it says more follows
                    received.add(new Received(roleOfStatus(first), first));
                    more = hasMoreResults(received.get(received.size() - 1));
                }
                case 0xFB -> {
                    received.add(new Received(Role.LOCAL_INFILE_REQUEST, first));
                    if (infileData.length > 0) {
                        channel.write(infileData);
                    }
                    channel.write(new byte[0]);
                }
                default -> {
                    received.add(new Received(Role.COLUMN_COUNT, first));
                    more = resultSet(first, rowRole, cursor);
                }
            }
        }
    }

    /** A result set after its column count; whether another result follows. */
    private boolean resultSet(Packet columnCount, Role rowRole, boolean cursor) throws IOException {
        long columns = new PayloadReader(columnCount.payload(), 0).lenenc();
        for (long i = 0; i < columns; i++) {
            next(Role.COLUMN_DEFINITION);
        }
        if (!deprecateEof) {
            next(Role.EOF);
            if (cursor && (last() & Capability.STATUS_CURSOR_EXISTS) != 0) {
                return false; // the rows wait in the cursor for COM_STMT_FETCH
            }
        } else if (cursor) {
            // without EOF packets, an open cursor is announced by an OK-as-EOF right after the definitions
            Packet packet = channel.read();
            if (packet.isErr() || packet.isTerminator()) {
                received.add(new Received(roleOfStatus(packet), packet));
                return !packet.isErr() && (last() & Capability.STATUS_CURSOR_EXISTS) == 0
                        && (last() & Capability.STATUS_MORE_RESULTS_EXISTS) != 0;
            }
            received.add(new Received(rowRole, packet));
        }
        return rows(rowRole);
    }

    /** Rows up to their EOF (or OK-as-EOF) or ERR; whether another result follows. */
    private boolean rows(Role rowRole) throws IOException {
        while (true) {
            Packet packet = channel.read();
            if (packet.isErr()) {
                received.add(new Received(Role.ERR, packet));
                return false;
            }
            if (packet.isTerminator()) {
                received.add(new Received(roleOfStatus(packet), packet));
                return hasMoreResults(received.get(received.size() - 1));
            }
            received.add(new Received(rowRole, packet));
        }
    }

    private void prepare() throws IOException {
        Packet first = channel.read();
        if (first.header() != 0x00) {
            received.add(new Received(roleOfStatus(first), first));
            return;
        }
        received.add(new Received(Role.PREPARE_OK, first));
        PayloadReader p = new PayloadReader(first.payload(), 5);
        int columns = p.int2();
        int parameters = p.int2();
        definitions(parameters, Role.PARAMETER_DEFINITION);
        definitions(columns, Role.COLUMN_DEFINITION);
    }

    /**
     * {@code count} definitions and their EOF. An EOF before the count is reached ends them: the server's own
     * framing is the reference, and MySQL 8.0 announces a parameter for {@code ORDER BY ?} that it never describes.
     */
    private void definitions(int count, Role role) throws IOException {
        for (int i = 0; i < count; i++) {
            Packet packet = channel.read();
            if (!deprecateEof && packet.isTerminator() && packet.payload().length < 9 || packet.isErr()) {
                received.add(new Received(roleOfStatus(packet), packet));
                return;
            }
            received.add(new Received(role, packet));
        }
        if (count > 0 && !deprecateEof) {
            next(Role.EOF);
        }
    }

    private void fieldList() throws IOException {
        while (true) {
            Packet packet = channel.read();
            if (packet.isErr() || packet.isTerminator()) {
                received.add(new Received(roleOfStatus(packet), packet));
                return;
            }
            received.add(new Received(Role.FIELD_DEFINITION, packet));
        }
    }

    /** With CLIENT_DEPRECATE_EOF an 0xFE packet is an OK packet (affected rows, insert id, status, warnings...). */
    private Role roleOfStatus(Packet packet) {
        return switch (packet.header()) {
            case 0x00 -> Role.OK;
            case 0xFF -> Role.ERR;
            case 0xFE -> deprecateEof ? Role.OK : Role.EOF;
            default -> throw new IllegalStateException("expected OK, ERR or EOF, got " + packet);
        };
    }

    /** The status flags of the last packet received. */
    private int last() {
        return status(received.get(received.size() - 1));
    }

    private static boolean hasMoreResults(Received received) {
        return (status(received) & Capability.STATUS_MORE_RESULTS_EXISTS) != 0;
    }

    /** The status flags of an OK or EOF packet (0 for anything else). */
    static int status(Received received) {
        byte[] payload = received.packet().payload();
        return switch (received.role()) {
            case EOF -> payload.length >= 5 ? new PayloadReader(payload, 3).int2() : 0;
            case OK -> {
                PayloadReader p = new PayloadReader(payload, 1);
                p.lenenc();
                p.lenenc();
                yield p.remaining() >= 2 ? p.int2() : 0;
            }
            default -> 0;
        };
    }
}
