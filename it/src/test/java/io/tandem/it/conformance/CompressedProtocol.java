package io.tandem.it.conformance;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The MySQL compressed protocol, the layer between packets and the socket once a login that announced
 * CLIENT_COMPRESS has ended in OK: the packets' bytes travel in frames with a 7-byte header (3-byte length of what
 * follows, 1-byte compressed sequence id, 3-byte length before compression, 0 meaning the frame is not deflated)
 * and a zlib body. A frame holds up to 0xFFFFFF bytes before compression, a packet may span frames and a frame
 * may hold several packets. The compressed sequence id restarts at 0 with each command and counts the frames of
 * both directions within it; a frame read out of order is a protocol error, as in libmysqlclient. As libmysqlclient
 * does, the client sends bodies under 50 bytes, and bodies deflating to no less than they are, as they are.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_compression.html">Compression</a>
 */
final class CompressedProtocol {

    static final int MIN_COMPRESS_LENGTH = 50;
    static final int HEADER_LENGTH = 7;

    private int nextSequence;
    private long framesRead;
    private long framesWritten;
    private long deflatedRead;
    private long deflatedWritten;

    /** A new command: its first frame carries compressed sequence id 0. */
    void newCommand() {
        nextSequence = 0;
    }

    /** The bytes of the packets carried by the frames read from {@code raw}. */
    InputStream input(InputStream raw) {
        return new Input(raw);
    }

    /** Packets written are buffered and leave as frames to {@code raw} at each flush. */
    OutputStream output(OutputStream raw) {
        return new Output(raw);
    }

    /** How many frames went each way and how many of them were really deflated. */
    Transport.Compression counts() {
        return new Transport.Compression(true, framesRead, deflatedRead, framesWritten, deflatedWritten);
    }

    private final class Input extends InputStream {

        private final DataInputStream raw;
        private byte[] frame = new byte[0];
        private int at;

        Input(InputStream raw) {
            this.raw = new DataInputStream(raw);
        }

        @Override
        public int read() throws IOException {
            if (at == frame.length && !nextFrame()) {
                return -1;
            }
            return frame[at++] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (at == frame.length && !nextFrame()) {
                return -1;
            }
            int count = Math.min(length, frame.length - at);
            System.arraycopy(frame, at, target, offset, count);
            at += count;
            return count;
        }

        /** Reads frames until one has bytes (an empty frame is legal); false at the end of the stream. */
        private boolean nextFrame() throws IOException {
            do {
                int first = raw.read();
                if (first < 0) {
                    return false;
                }
                byte[] header = new byte[HEADER_LENGTH];
                header[0] = (byte) first;
                raw.readFully(header, 1, HEADER_LENGTH - 1);
                int length = int3(header, 0);
                int sequence = header[3] & 0xFF;
                int uncompressed = int3(header, 4);
                if (sequence != nextSequence) {
                    throw new IllegalStateException("compressed packet out of order: sequence id " + sequence
                            + " where " + nextSequence + " was due");
                }
                nextSequence = (sequence + 1) & 0xFF;
                byte[] body = new byte[length];
                try {
                    raw.readFully(body);
                } catch (EOFException cut) {
                    throw new EOFException("the connection closed inside a compressed frame");
                }
                framesRead++;
                if (uncompressed > 0) {
                    deflatedRead++;
                }
                frame = uncompressed == 0 ? body : inflate(body, uncompressed);
                at = 0;
            } while (frame.length == 0);
            return true;
        }
    }

    private final class Output extends OutputStream {

        private final OutputStream raw;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Output(OutputStream raw) {
            this.raw = raw;
        }

        @Override
        public void write(int b) {
            pending.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            pending.write(bytes, offset, length);
        }

        /** What was written since the last flush leaves in frames of at most 0xFFFFFF bytes each. */
        @Override
        public void flush() throws IOException {
            byte[] bytes = pending.toByteArray();
            pending.reset();
            for (int at = 0; at < bytes.length; at += PacketChannel.MAX_PAYLOAD) {
                frame(bytes, at, Math.min(PacketChannel.MAX_PAYLOAD, bytes.length - at));
            }
            raw.flush();
        }

        private void frame(byte[] bytes, int offset, int length) throws IOException {
            byte[] deflated = length < MIN_COMPRESS_LENGTH ? null : deflate(bytes, offset, length);
            boolean smaller = deflated != null && deflated.length < length;
            int bodyLength = smaller ? deflated.length : length;
            raw.write(new byte[] {(byte) bodyLength, (byte) (bodyLength >> 8), (byte) (bodyLength >> 16),
                    (byte) nextSequence, (byte) (smaller ? length : 0), (byte) (smaller ? length >> 8 : 0),
                    (byte) (smaller ? length >> 16 : 0)});
            if (smaller) {
                raw.write(deflated);
                deflatedWritten++;
            } else {
                raw.write(bytes, offset, length);
            }
            framesWritten++;
            nextSequence = (nextSequence + 1) & 0xFF;
        }
    }

    static byte[] deflate(byte[] bytes, int offset, int length) {
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(bytes, offset, length);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 4));
            byte[] chunk = new byte[64 * 1024];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** {@code body} inflated; it must come to exactly the {@code uncompressed} bytes its frame announced. */
    static byte[] inflate(byte[] body, int uncompressed) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(body);
            byte[] out = new byte[uncompressed];
            int done = 0;
            while (done < uncompressed) {
                int count = inflater.inflate(out, done, uncompressed - done);
                if (count == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalStateException("a compressed frame announces " + uncompressed
                            + " bytes and inflates to " + done);
                }
                done += count;
            }
            if (!inflater.finished() && inflater.inflate(new byte[1]) > 0) {
                throw new IllegalStateException("a compressed frame inflates to more than the " + uncompressed
                        + " bytes it announces");
            }
            return out;
        } catch (DataFormatException e) {
            throw new IllegalStateException("a compressed frame is not zlib data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static int int3(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16;
    }
}
