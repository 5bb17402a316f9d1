package io.tandem.it.conformance;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Payloads of 0xFFFFFF bytes and more: split into packets when written, joined when read. */
class PacketChannelTest {

    private static final int MAX = PacketChannel.MAX_PAYLOAD;

    private static byte[] filled(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed + i * 31);
        }
        return bytes;
    }

    /** One packet as it goes on the wire. */
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

    @Test
    void aLongPayloadLeavesAsFullPacketsAndARest() throws IOException {
        byte[] payload = filled(MAX + 10, 1);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        PacketChannel.over(new ByteArrayInputStream(new byte[0]), wire).command(payload);

        assertThat(wire.toByteArray()).isEqualTo(concat(packet(0, Arrays.copyOf(payload, MAX)),
                packet(1, Arrays.copyOfRange(payload, MAX, MAX + 10))));
    }

    @Test
    void aPayloadOfExactlyFullPacketsIsFollowedByAnEmptyOne() throws IOException {
        byte[] payload = filled(MAX, 2);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        PacketChannel.over(new ByteArrayInputStream(new byte[0]), wire).command(payload);

        assertThat(wire.toByteArray()).isEqualTo(concat(packet(0, payload), packet(1, new byte[0])));
    }

    @Test
    void splitPacketsAreReadAsOneAndTheNextPacketFollowsTheirSequence() throws IOException {
        byte[] row = filled(2 * MAX + 5, 3);
        byte[] wire = concat(packet(4, Arrays.copyOf(row, MAX)), packet(5, Arrays.copyOfRange(row, MAX, 2 * MAX)),
                packet(6, Arrays.copyOfRange(row, 2 * MAX, row.length)), packet(7, new byte[] {(byte) 0xFE, 0, 0}),
                packet(8, filled(MAX, 4)), packet(9, new byte[0]));
        PacketChannel channel = PacketChannel.over(new ByteArrayInputStream(wire), new ByteArrayOutputStream());

        Packet joined = channel.read();
        assertThat(joined.sequenceId()).isEqualTo(4);
        assertThat(joined.payload()).isEqualTo(row);
        assertThat(joined.isTerminator()).isFalse();
        assertThat(channel.read()).isEqualTo(new Packet(7, new byte[] {(byte) 0xFE, 0, 0}));
        Packet exact = channel.read();
        assertThat(exact.sequenceId()).isEqualTo(8);
        assertThat(exact.payload()).hasSize(MAX);
    }

    @Test
    void aContinuationOutOfSequenceIsAProtocolError() {
        byte[] wire = concat(packet(1, filled(MAX, 5)), packet(3, new byte[] {1}));
        PacketChannel channel = PacketChannel.over(new ByteArrayInputStream(wire), new ByteArrayOutputStream());

        assertThatThrownBy(channel::read).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sequence id 3 where 2 was due");
    }

    @Test
    void theClientsNextPacketFollowsTheLastOneRead() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        PacketChannel channel = PacketChannel.over(new ByteArrayInputStream(packet(2, new byte[] {(byte) 0xFB})),
                wire);
        channel.read();
        channel.write(new byte[] {'x'});
        channel.write(new byte[0]);

        assertThat(wire.toByteArray()).isEqualTo(concat(packet(3, new byte[] {'x'}), packet(4, new byte[0])));
    }
}
