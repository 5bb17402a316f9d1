package io.tandem.it.conformance;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Packet framing over a bare socket: the 3-byte length and sequence id, and the sequence id a client's next
 * packet in the same exchange must carry.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html">MySQL packets</a>
 */
final class PacketChannel implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int nextSequence;

    private PacketChannel(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:{@code port}; a read gives up after {@code readTimeout}. */
    static PacketChannel connect(int port, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            return new PacketChannel(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Starts a command: its packet carries sequence id 0. */
    void command(byte[] payload) throws IOException {
        nextSequence = 0;
        write(payload);
    }

    /** Writes the next packet of the current exchange. */
    void write(byte[] payload) throws IOException {
        byte[] header = {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16),
                (byte) nextSequence};
        out.write(header);
        out.write(payload);
        out.flush();
        nextSequence = (nextSequence + 1) & 0xFF;
    }

    /** The next packet; the connection closing is an {@link EOFException}. */
    Packet read() throws IOException {
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
        socket.close();
    }
}
