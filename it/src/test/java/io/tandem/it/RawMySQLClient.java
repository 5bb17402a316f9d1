package io.tandem.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A MySQL client over a bare socket, with no driver in between, for tests that must send what no driver would:
 * garbage, oversized or stalled packets, unknown commands. It speaks just enough of the protocol to log in with
 * mysql_native_password and read a text result set.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html">MySQL packets</a>
 */
final class RawMySQLClient implements AutoCloseable {

    static final int PROTOCOL_41 = 1 << 9;
    static final int SECURE_CONNECTION = 1 << 15;
    static final int PLUGIN_AUTH = 1 << 19;
    static final int MULTI_STATEMENTS = 1 << 16;
    static final int MULTI_RESULTS = 1 << 17;
    static final int SESSION_TRACK = 1 << 23;
    private static final int MORE_RESULTS_EXISTS = 0x0008;
    static final int DEPRECATE_EOF = 1 << 24;
    /** CLIENT_INTERACTIVE: the server then applies interactive_timeout instead of wait_timeout. */
    static final int INTERACTIVE = 1 << 10;
    private static final int LONG_PASSWORD = 1;
    private static final int TRANSACTIONS = 1 << 13;
    private static final int UTF8MB4_GENERAL_CI = 45;

    /** One packet as read: its sequence id and payload. */
    record Packet(int sequenceId, byte[] payload) {

        boolean isErr() {
            return payload.length > 0 && (payload[0] & 0xFF) == 0xFF;
        }

        boolean isOk() {
            return payload.length > 0 && payload[0] == 0;
        }

        boolean isEof() {
            return payload.length > 0 && payload.length < 9 && (payload[0] & 0xFF) == 0xFE;
        }

        /** The status flags of an OK or EOF packet. */
        int statusFlags() {
            if (isEof()) {
                return (payload[3] & 0xFF) | (payload[4] & 0xFF) << 8;
            }
            int at = 1;
            at += lenencSize(payload[at] & 0xFF);
            at += lenencSize(payload[at] & 0xFF);
            return (payload[at] & 0xFF) | (payload[at + 1] & 0xFF) << 8;
        }

        private static int lenencSize(int first) {
            return first < 0xFB ? 1 : first == 0xFC ? 3 : first == 0xFD ? 4 : 9;
        }

        /** The error code of an ERR packet. */
        int errorCode() {
            if (!isErr()) {
                throw new AssertionError("not an ERR packet: " + this);
            }
            return (payload[1] & 0xFF) | (payload[2] & 0xFF) << 8;
        }

        /** The message of an ERR packet, after its SQL state. */
        String errorMessage() {
            int start = payload.length > 3 && payload[3] == '#' ? 9 : 3;
            return new String(payload, start, payload.length - start, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Packet(seq=" + sequenceId + ", " + payload.length + " bytes"
                    + (isErr() ? ", ERR " + errorCode() + " " + errorMessage() : "") + ")";
        }
    }

    /** What a server's greeting (HandshakeV10) says that a login needs. */
    record Greeting(String serverVersion, long connectionId, byte[] nonce, String authPlugin) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawMySQLClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:{@code port}; every read gives up after {@code readTimeout}. */
    static RawMySQLClient connect(int port, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout((int) readTimeout.toMillis());
        socket.setTcpNoDelay(true);
        return new RawMySQLClient(socket);
    }

    /** Connects and logs in with mysql_native_password, as a 4.1 client without any other capability. */
    static RawMySQLClient login(int port, String user, String password, Duration readTimeout) throws IOException {
        return login(port, user, password, readTimeout, 0);
    }

    /** As {@link #login(int, String, String, Duration)}, asking for {@code extraCapabilities} too. */
    static RawMySQLClient login(int port, String user, String password, Duration readTimeout, int extraCapabilities)
            throws IOException {
        RawMySQLClient client = connect(port, readTimeout);
        try {
            Greeting greeting = client.readGreeting();
            client.writePacket(1, handshakeResponse(user, nativeScramble(password, greeting.nonce()),
                    extraCapabilities));
            Packet answer = client.readPacket();
            if (answer != null && (answer.payload()[0] & 0xFF) == 0xFE && answer.payload().length > 1) {
                answer = client.switchToNativePassword(answer, password);
            }
            if (answer == null || !answer.isOk()) {
                throw new AssertionError("login of " + user + " failed: " + answer);
            }
            return client;
        } catch (IOException | RuntimeException | AssertionError e) {
            client.close();
            throw e;
        }
    }

    /**
     * Answers an AuthSwitchRequest to mysql_native_password (a server whose default is caching_sha2_password asks
     * for it when the account uses it) and returns the server's verdict.
     */
    private Packet switchToNativePassword(Packet request, String password) throws IOException {
        byte[] p = request.payload();
        int end = indexOf(p, 1);
        String plugin = new String(p, 1, end - 1, StandardCharsets.US_ASCII);
        if (!plugin.equals("mysql_native_password")) {
            throw new AssertionError("the server asked for " + plugin + ", which this client does not speak");
        }
        byte[] nonce = Arrays.copyOfRange(p, end + 1, end + 21);
        writePacket(request.sequenceId() + 1, nativeScramble(password, nonce));
        return readPacket();
    }

    Greeting readGreeting() throws IOException {
        Packet packet = readPacket();
        if (packet == null || packet.payload()[0] != 10) {
            throw new AssertionError("expected a HandshakeV10 greeting, got " + packet);
        }
        byte[] p = packet.payload();
        int at = 1;
        int end = indexOf(p, at);
        String version = new String(p, at, end - at, StandardCharsets.US_ASCII);
        at = end + 1;
        long connectionId = (p[at] & 0xFFL) | (p[at + 1] & 0xFFL) << 8 | (p[at + 2] & 0xFFL) << 16
                | (p[at + 3] & 0xFFL) << 24;
        at += 4;
        byte[] nonce = Arrays.copyOfRange(p, at, at + 8);
        at += 8 + 1 + 2 + 1 + 2 + 2;
        int authDataLength = p[at] & 0xFF;
        at += 1 + 10;
        int part2 = Math.max(13, authDataLength - 8);
        byte[] rest = Arrays.copyOfRange(p, at, at + part2 - 1); // without the trailing NUL
        at += part2;
        String plugin = new String(p, at, indexOf(p, at) - at, StandardCharsets.US_ASCII);
        byte[] full = Arrays.copyOf(nonce, nonce.length + rest.length);
        System.arraycopy(rest, 0, full, nonce.length, rest.length);
        return new Greeting(version, connectionId, full, plugin);
    }

    /** SHA1(password) XOR SHA1(nonce + SHA1(SHA1(password))). */
    static byte[] nativeScramble(String password, byte[] nonce) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] stage1 = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
            byte[] stage2 = sha1.digest(stage1);
            sha1.update(nonce);
            byte[] mask = sha1.digest(stage2);
            byte[] scramble = new byte[stage1.length];
            for (int i = 0; i < scramble.length; i++) {
                scramble[i] = (byte) (stage1[i] ^ mask[i]);
            }
            return scramble;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /** HandshakeResponse41 with CLIENT_PROTOCOL_41 | SECURE_CONNECTION | PLUGIN_AUTH and mysql_native_password. */
    static byte[] handshakeResponse(String user, byte[] scramble) {
        return handshakeResponse(user, scramble, 0);
    }

    /** As {@link #handshakeResponse(String, byte[])} with {@code extraCapabilities} too. */
    static byte[] handshakeResponse(String user, byte[] scramble, int extraCapabilities) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        writeInt4(p, LONG_PASSWORD | TRANSACTIONS | PROTOCOL_41 | SECURE_CONNECTION | PLUGIN_AUTH | extraCapabilities);
        writeInt4(p, 16 * 1024 * 1024);
        p.write(UTF8MB4_GENERAL_CI);
        p.writeBytes(new byte[23]);
        p.writeBytes(user.getBytes(StandardCharsets.UTF_8));
        p.write(0);
        p.write(scramble.length);
        p.writeBytes(scramble);
        p.writeBytes("mysql_native_password".getBytes(StandardCharsets.US_ASCII));
        p.write(0);
        return p.toByteArray();
    }

    /** Sends a command packet (sequence id 0): the command byte, then {@code body}. */
    void command(int commandByte, byte[] body) throws IOException {
        byte[] payload = new byte[body.length + 1];
        payload[0] = (byte) commandByte;
        System.arraycopy(body, 0, payload, 1, body.length);
        writePacket(0, payload);
    }

    /** Sends every statement as a COM_QUERY in one write, without waiting for any answer. */
    void pipeline(List<String> statements) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String sql : statements) {
            byte[] text = sql.getBytes(StandardCharsets.UTF_8);
            int length = text.length + 1;
            all.writeBytes(new byte[] {(byte) length, (byte) (length >> 8), (byte) (length >> 16), 0, 0x03});
            all.writeBytes(text);
        }
        writeRaw(all.toByteArray());
    }

    /** COM_QUERY, then the text result set's rows, or the ERR/OK packet as an {@link AssertionError}. */
    List<List<String>> query(String sql) throws IOException {
        command(0x03, sql.getBytes(StandardCharsets.UTF_8));
        return rows(sql);
    }

    /** The rows of the next text result set, the answer to {@code sql}; an ERR or OK is an {@link AssertionError}. */
    List<List<String>> rows(String sql) throws IOException {
        Packet first = requirePacket();
        if (first.isErr() || first.isOk()) {
            throw new AssertionError(sql + " answered " + first);
        }
        long columns = first.payload()[0] & 0xFF;
        for (int i = 0; i < columns; i++) {
            requirePacket();
        }
        if (!requirePacket().isEof()) {
            throw new AssertionError("no EOF after the column definitions of " + sql);
        }
        List<List<String>> rows = new ArrayList<>();
        for (Packet row = requirePacket(); !row.isEof(); row = requirePacket()) {
            if (row.isErr()) {
                throw new AssertionError(sql + " failed in its rows: " + row);
            }
            rows.add(textRow(row.payload(), (int) columns));
        }
        return rows;
    }

    private static List<String> textRow(byte[] p, int columns) {
        List<String> row = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < columns; i++) {
            int length = p[at] & 0xFF;
            if (length == 0xFB) {
                row.add(null);
                at++;
            } else if (length < 0xFB) {
                row.add(new String(p, at + 1, length, StandardCharsets.UTF_8));
                at += 1 + length;
            } else if (length == 0xFC) {
                int twoBytes = (p[at + 1] & 0xFF) | (p[at + 2] & 0xFF) << 8;
                row.add(new String(p, at + 3, twoBytes, StandardCharsets.UTF_8));
                at += 3 + twoBytes;
            } else {
                throw new AssertionError("values of 64 KiB or more are not needed by these tests");
            }
        }
        return row;
    }

    void writePacket(int sequenceId, byte[] payload) throws IOException {
        byte[] header = {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16),
                (byte) sequenceId};
        out.write(header);
        out.write(payload);
        out.flush();
    }

    /**
     * COM_QUERY, then every packet of its response as received: OK, ERR, or result sets with their EOFs (this client
     * never asks for CLIENT_DEPRECATE_EOF), following SERVER_MORE_RESULTS_EXISTS.
     */
    List<Packet> response(String sql) throws IOException {
        command(0x03, sql.getBytes(StandardCharsets.UTF_8));
        List<Packet> packets = new ArrayList<>();
        while (true) {
            Packet first = requirePacket();
            packets.add(first);
            if (first.isErr()) {
                return packets;
            }
            Packet end = first;
            if (!first.isOk()) {
                Packet next = requirePacket();
                for (; !next.isEof(); next = requirePacket()) {
                    packets.add(next);
                }
                packets.add(next);
                for (next = requirePacket(); !next.isEof() && !next.isErr(); next = requirePacket()) {
                    packets.add(next);
                }
                packets.add(next);
                end = next;
                if (end.isErr()) {
                    return packets;
                }
            }
            if ((end.statusFlags() & MORE_RESULTS_EXISTS) == 0) {
                return packets;
            }
        }
    }

    /** Packets as sequence id and payload in hex, for comparing two responses byte for byte with a readable diff. */
    static List<String> hex(List<Packet> packets) {
        return packets.stream().map(p -> p.sequenceId() + ":" + java.util.HexFormat.of().formatHex(p.payload()))
                .toList();
    }

    /** The next packet, which must be an OK: the answer to a statement without a result set. */
    Packet ok(String sql) throws IOException {
        Packet packet = requirePacket();
        if (!packet.isOk()) {
            throw new AssertionError(sql + " answered " + packet + " instead of OK");
        }
        return packet;
    }

    /** Bytes as they are, framed or not. */
    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next packet, or {@code null} when the server closed the connection cleanly. */
    Packet readPacket() throws IOException {
        byte[] header = new byte[4];
        int first = in.read();
        if (first < 0) {
            return null;
        }
        header[0] = (byte) first;
        in.readFully(header, 1, 3);
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Packet(header[3] & 0xFF, payload);
    }

    private Packet requirePacket() throws IOException {
        Packet packet = readPacket();
        if (packet == null) {
            throw new EOFException("the server closed the connection");
        }
        return packet;
    }

    /** Whether the server closed the connection: the next read sees the end of the stream (or a reset). */
    boolean closedByServer() throws IOException {
        InputStream stream = socket.getInputStream();
        try {
            return stream.read() < 0;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static int indexOf(byte[] p, int from) {
        for (int i = from; i < p.length; i++) {
            if (p[i] == 0) {
                return i;
            }
        }
        throw new AssertionError("no NUL after offset " + from);
    }

    private static void writeInt4(ByteArrayOutputStream p, int value) {
        p.write(value);
        p.write(value >> 8);
        p.write(value >> 16);
        p.write(value >> 24);
    }
}
