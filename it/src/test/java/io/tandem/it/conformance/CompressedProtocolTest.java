package io.tandem.it.conformance;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compressed protocol's frames under the packets: framing, deflating, splitting and sequence ids. */
class CompressedProtocolTest {

    private static final int MAX = PacketChannel.MAX_PAYLOAD;

    /** One compressed frame as a server sends it: deflated when asked, else stored (uncompressed length 0). */
    private static byte[] frame(int sequenceId, byte[] bytes, boolean deflate) {
        byte[] body = deflate ? CompressedProtocol.deflate(bytes, 0, bytes.length) : bytes;
        int uncompressed = deflate ? bytes.length : 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) body.length, (byte) (body.length >> 8), (byte) (body.length >> 16),
                (byte) sequenceId, (byte) uncompressed, (byte) (uncompressed >> 8), (byte) (uncompressed >> 16)});
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] packet(int sequenceId, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16),
                (byte) sequenceId});
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static PacketChannel compressed(byte[] incoming, ByteArrayOutputStream outgoing) {
        PacketChannel channel = PacketChannel.over(new ByteArrayInputStream(incoming), outgoing);
        channel.startCompression();
        return channel;
    }

    @Test
    void aShortCommandGoesStoredInFrameZero() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        compressed(new byte[0], wire).command(new byte[] {0x0E}); // COM_PING

        // 3-byte body length 5, compressed sequence id 0, uncompressed length 0: stored; then the packet itself
        assertThat(HexFormat.of().formatHex(wire.toByteArray())).isEqualTo("05000000000000" + "010000000e");
    }

    @Test
    void aLongCommandIsDeflatedAndInflatesToItsPacket() throws IOException {
        byte[] sql = ("\u0003SELECT '" + "abc".repeat(100) + "'").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        compressed(new byte[0], wire).command(sql);

        byte[] bytes = wire.toByteArray();
        int bodyLength = (bytes[0] & 0xFF) | (bytes[1] & 0xFF) << 8 | (bytes[2] & 0xFF) << 16;
        int uncompressed = (bytes[4] & 0xFF) | (bytes[5] & 0xFF) << 8 | (bytes[6] & 0xFF) << 16;
        assertThat(bytes[3]).isZero();
        assertThat(uncompressed).isEqualTo(sql.length + 4);
        assertThat(bodyLength).isEqualTo(bytes.length - 7).isLessThan(uncompressed);
        assertThat(CompressedProtocol.inflate(Arrays.copyOfRange(bytes, 7, bytes.length), uncompressed))
                .isEqualTo(packet(0, sql));
    }

    @Test
    void packetsAreReadAcrossFramesAndSeveralFromOneFrame() throws IOException {
        byte[] columnCount = packet(1, new byte[] {1});
        byte[] definition = packet(2, "def...column definition, long enough to deflate well..............".getBytes(
                StandardCharsets.US_ASCII));
        byte[] eof = packet(3, new byte[] {(byte) 0xFE, 0, 0, 2, 0});
        byte[] firstTwo = concat(columnCount, definition);
        // frame 1 (deflated) holds the column count and the start of the definition; frame 2 (stored) the rest and
        // the EOF
        int cut = columnCount.length + 20;
        byte[] wire = concat(frame(1, Arrays.copyOf(firstTwo, cut), true),
                frame(2, concat(Arrays.copyOfRange(firstTwo, cut, firstTwo.length), eof), false));
        ByteArrayOutputStream outgoing = new ByteArrayOutputStream();
        PacketChannel channel = compressed(wire, outgoing);
        channel.command(new byte[] {0x03, 'x'});

        assertThat(channel.read()).isEqualTo(new Packet(1, new byte[] {1}));
        assertThat(channel.read().payload()).isEqualTo(Arrays.copyOfRange(definition, 4, definition.length));
        assertThat(channel.read().sequenceId()).isEqualTo(3);
        assertThat(channel.transport().compression()).isEqualTo(new Transport.Compression(true, 2, 1, 1, 0));
    }

    @Test
    void theCompressedSequenceRunsAcrossBothDirectionsAndRestartsWithEachCommand() throws IOException {
        // LOCAL INFILE: command (frame 0), the server's request (frame 1), the client's file and its end (frames 2
        // and 3), the server's OK (frame 4); then the next command starts again at frame 0
        byte[] wire = concat(frame(1, packet(1, "\u00fbdata.csv".getBytes(StandardCharsets.ISO_8859_1)), false),
                frame(4, packet(4, new byte[] {0, 1, 0, 2, 0, 0, 0}), false),
                frame(1, packet(1, new byte[] {0, 0, 0, 2, 0, 0, 0}), false));
        ByteArrayOutputStream outgoing = new ByteArrayOutputStream();
        PacketChannel channel = compressed(wire, outgoing);

        channel.command(new byte[] {0x03, 'L'});
        channel.read();
        channel.write("1,a\n".getBytes(StandardCharsets.US_ASCII));
        channel.write(new byte[0]);
        assertThat(channel.read().sequenceId()).isEqualTo(4);
        channel.command(new byte[] {0x0E});
        assertThat(channel.read().isOk()).isTrue();

        byte[] sent = outgoing.toByteArray();
        assertThat(sent).isEqualTo(concat(frame(0, packet(0, new byte[] {0x03, 'L'}), false),
                frame(2, packet(2, "1,a\n".getBytes(StandardCharsets.US_ASCII)), false),
                frame(3, packet(3, new byte[0]), false), frame(0, packet(0, new byte[] {0x0E}), false)));
    }

    @Test
    void aFrameOutOfSequenceIsAProtocolError() throws IOException {
        PacketChannel channel = compressed(frame(2, packet(1, new byte[] {0, 0, 0, 2, 0, 0, 0}), false),
                new ByteArrayOutputStream());
        channel.command(new byte[] {0x0E});

        assertThatThrownBy(channel::read).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("compressed packet out of order: sequence id 2 where 1 was due");
    }

    @Test
    void aPacketOfMoreThan16MiBTravelsInFramesOfAtMost16MiBAndComesBackWhole() throws IOException {
        byte[] payload = new byte[MAX + 1000];
        Arrays.fill(payload, (byte) 'y');
        payload[0] = 0x03;
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        PacketChannel writer = compressed(new byte[0], wire);
        writer.command(payload);

        // packets: 0xFFFFFF bytes + header, then 1000 bytes + header: two frames, 0xFFFFFF bytes before deflating
        // in the first, both deflated
        byte[] bytes = wire.toByteArray();
        int uncompressedFirst = (bytes[4] & 0xFF) | (bytes[5] & 0xFF) << 8 | (bytes[6] & 0xFF) << 16;
        assertThat(uncompressedFirst).isEqualTo(MAX);
        assertThat(writer.transport().compression()).isEqualTo(new Transport.Compression(true, 0, 0, 2, 2));

        PacketChannel reader = compressed(bytes, new ByteArrayOutputStream());
        Packet read = reader.read();
        assertThat(read.sequenceId()).isZero();
        assertThat(read.payload()).isEqualTo(payload);
    }

    @Test
    void aFrameThatInflatesToAnotherLengthThanAnnouncedIsRefused() {
        byte[] bytes = "x".repeat(100).getBytes(StandardCharsets.US_ASCII);
        byte[] body = CompressedProtocol.deflate(bytes, 0, bytes.length);

        assertThatThrownBy(() -> CompressedProtocol.inflate(body, 99)).hasMessageContaining("more than the 99");
        assertThatThrownBy(() -> CompressedProtocol.inflate(body, 101)).hasMessageContaining("inflates to 100");
    }
}
