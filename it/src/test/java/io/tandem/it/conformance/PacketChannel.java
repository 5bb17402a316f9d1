package io.tandem.it.conformance;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Packet framing over a bare socket: the 3-byte length and sequence id, the sequence id a client's next packet in
 * the same exchange must carry, and payloads of 0xFFFFFF bytes or more split into packets of 0xFFFFFF bytes (and an
 * empty one when the payload is a multiple of that) and joined again when read. Below the packets, the connection
 * can be upgraded to TLS (after the client's SSLRequest) and to the compressed protocol (after the login's OK).
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html">MySQL packets</a>
 */
final class PacketChannel implements AutoCloseable {

    /** The largest payload of one packet; a longer one continues in the next packet. */
    static final int MAX_PAYLOAD = 0xFFFFFF;

    private final Socket socket;
    private SSLSocket tls;
    private CompressedProtocol compression;
    private InputStream rawIn;
    private OutputStream out;
    private DataInputStream in;
    private int nextSequence;

    private PacketChannel(Socket socket, InputStream in, OutputStream out) {
        this.socket = socket;
        use(in, out);
    }

    /** Connects to 127.0.0.1:{@code port}; a read gives up after {@code readTimeout}. */
    static PacketChannel connect(int port, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            return new PacketChannel(socket, socket.getInputStream(), buffered(socket.getOutputStream()));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** A channel over streams instead of a socket (no TLS then), for tests of the framing. */
    static PacketChannel over(InputStream in, OutputStream out) {
        return new PacketChannel(null, in, out);
    }

    private void use(InputStream nextIn, OutputStream nextOut) {
        rawIn = nextIn;
        in = new DataInputStream(nextIn);
        out = nextOut;
    }

    /** A packet's header and payload leave in one write. */
    private static OutputStream buffered(OutputStream socketOut) {
        return new BufferedOutputStream(socketOut, 64 * 1024);
    }

    /** TLS from here on, once the SSLRequest has been written: the handshake runs before this returns. */
    void startTls() throws IOException {
        if (socket == null || tls != null || compression != null) {
            throw new IllegalStateException("TLS starts once, on a socket, before compression");
        }
        tls = ClientTls.handshake(socket);
        use(tls.getInputStream(), buffered(tls.getOutputStream()));
    }

    /** The compressed protocol from here on, once the login's OK has been read. */
    void startCompression() {
        if (compression != null) {
            throw new IllegalStateException("compression starts once");
        }
        compression = new CompressedProtocol();
        use(compression.input(rawIn), compression.output(out));
    }

    /** What the connection runs over so far: TLS, compression, and how many frames were really deflated. */
    Transport transport() {
        SSLSession session = tls == null ? null : tls.getSession();
        return new Transport(session == null ? "" : session.getProtocol(),
                session == null ? "" : session.getCipherSuite(),
                compression == null ? Transport.Compression.NONE : compression.counts());
    }

    boolean secure() {
        return tls != null;
    }

    /** Starts a command: its packet carries sequence id 0, and so does its first compressed frame. */
    void command(byte[] payload) throws IOException {
        nextSequence = 0;
        if (compression != null) {
            compression.newCommand();
        }
        write(payload);
    }

    /** Writes the next packet of the current exchange, in several packets when it is that long. */
    void write(byte[] payload) throws IOException {
        int at = 0;
        while (true) {
            int length = Math.min(MAX_PAYLOAD, payload.length - at);
            out.write(new byte[] {(byte) length, (byte) (length >> 8), (byte) (length >> 16), (byte) nextSequence});
            out.write(payload, at, length);
            nextSequence = (nextSequence + 1) & 0xFF;
            at += length;
            if (length < MAX_PAYLOAD) {
                break; // a payload that fills its last packet is followed by an empty one
            }
        }
        out.flush();
    }

    /**
     * The next packet, its payload joined when it came in several packets (the sequence id is the first one's; the
     * continuations must follow it one by one). The connection closing is an {@link EOFException}.
     */
    Packet read() throws IOException {
        Packet first = readOne();
        if (first.payload().length < MAX_PAYLOAD) {
            return first;
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream(MAX_PAYLOAD + (1 << 20));
        joined.writeBytes(first.payload());
        int expected = (first.sequenceId() + 1) & 0xFF;
        while (true) {
            Packet next = readOne();
            if (next.sequenceId() != expected) {
                throw new IllegalStateException("a continuation packet carries sequence id " + next.sequenceId()
                        + " where " + expected + " was due (packet " + first.sequenceId() + " was split)");
            }
            joined.writeBytes(next.payload());
            expected = (expected + 1) & 0xFF;
            if (next.payload().length < MAX_PAYLOAD) {
                return new Packet(first.sequenceId(), joined.toByteArray());
            }
        }
    }

    private Packet readOne() throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("the server closed the connection");
        }
        byte[] header = new byte[4];
        header[0] = (byte) first;
        in.readFully(header, 1, 3);
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        byte[] payload = new byte[length];
        in.readFully(payload);
        nextSequence = (header[3] + 1) & 0xFF;
        return new Packet(header[3] & 0xFF, payload);
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
    }
}
