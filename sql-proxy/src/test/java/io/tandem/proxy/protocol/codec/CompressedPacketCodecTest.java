package io.tandem.proxy.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.tandem.proxy.protocol.MalformedPacketException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The compressed protocol between a client and the proxy, in both directions: compressed packets hold zlib data or
 * raw bytes, several MySQL packets or part of one, and carry their own sequence id, which follows the client's.
 */
class CompressedPacketCodecTest {

    private final CompressionSequence sequence = new CompressionSequence();
    private final EmbeddedChannel inbound = new EmbeddedChannel(new CompressedPacketDecoder(sequence),
            new MySQLFrameDecoder(64 * 1024 * 1024));
    private final EmbeddedChannel outbound = new EmbeddedChannel(new CompressedPacketEncoder(sequence),
            new MySQLFrameEncoder());

    @AfterEach
    void close() {
        inbound.finishAndReleaseAll();
        outbound.finishAndReleaseAll();
    }

    /** A MySQL packet as wire bytes. */
    private static byte[] packet(int sequenceId, byte[] payload) {
        byte[] framed = new byte[4 + payload.length];
        framed[0] = (byte) payload.length;
        framed[1] = (byte) (payload.length >> 8);
        framed[2] = (byte) (payload.length >> 16);
        framed[3] = (byte) sequenceId;
        System.arraycopy(payload, 0, framed, 4, payload.length);
        return framed;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A compressed packet as a client sends it: zlib-deflated, or raw when {@code deflate} is false. */
    private static ByteBuf compressed(int sequenceId, byte[] content, boolean deflate) {
        byte[] body = content;
        int length = 0;
        if (deflate) {
            Deflater deflater = new Deflater();
            deflater.setInput(content);
            deflater.finish();
            byte[] out = new byte[content.length + 64];
            body = Arrays.copyOf(out, deflater.deflate(out));
            deflater.end();
            length = content.length;
        }
        return Unpooled.buffer().writeMediumLE(body.length).writeByte(sequenceId).writeMediumLE(length)
                .writeBytes(body);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String nextFrame() {
        MySQLFrame frame = inbound.readInbound();
        try {
            return frame.sequenceId() + ":" + frame.content().toString(StandardCharsets.UTF_8);
        } finally {
            frame.release();
        }
    }

    @Test
    void oneCompressedPacketCanHoldSeveralMySqlPacketsOrPartOfOne() {
        byte[] two = concat(packet(0, text("\u0003SELECT 1")), packet(1, text("more")));
        byte[] third = packet(0, text("\u0003SELECT 'a longer statement, so that it is worth compressing'"));

        inbound.writeInbound(compressed(0, two, true));
        inbound.writeInbound(compressed(1, Arrays.copyOf(third, 10), false));
        assertThat(nextFrame()).isEqualTo("0:\u0003SELECT 1");
        assertThat(nextFrame()).isEqualTo("1:more");
        assertThat((Object) inbound.readInbound()).as("half a packet so far").isNull();

        inbound.writeInbound(compressed(2, Arrays.copyOfRange(third, 10, third.length), true));
        assertThat(nextFrame()).isEqualTo("0:\u0003SELECT 'a longer statement, so that it is worth compressing'");
    }

    @Test
    void aCompressedPacketThatArrivesInPiecesIsWaitedFor() {
        ByteBuf whole = compressed(0, packet(0, text("\u0003SELECT 42")), true);
        inbound.writeInbound(whole.readRetainedSlice(5));
        assertThat((Object) inbound.readInbound()).isNull();

        inbound.writeInbound(whole);
        assertThat(nextFrame()).isEqualTo("0:\u0003SELECT 42");
    }

    @Test
    void bytesThatAreNotZlibAreAMalformedPacket() {
        ByteBuf bogus = Unpooled.buffer().writeMediumLE(4).writeByte(0).writeMediumLE(100).writeInt(0x01020304);

        assertThatThrownBy(() -> inbound.writeInbound(bogus)).isInstanceOf(DecoderException.class)
                .hasCauseInstanceOf(MalformedPacketException.class);
    }

    @Test
    void aLengthThatDoesNotMatchTheInflatedBytesIsAMalformedPacket() {
        byte[] content = packet(0, text("\u0003SELECT 'twelve bytes and a good many more to make it compress'"));
        ByteBuf good = compressed(0, content, true);
        good.setMediumLE(4, content.length + 5);

        assertThatThrownBy(() -> inbound.writeInbound(good)).hasRootCauseInstanceOf(MalformedPacketException.class)
                .hasRootCauseMessage("compressed packet announces " + (content.length + 5) + " bytes but inflates to "
                        + content.length);
    }

    /** Reads one compressed packet the proxy sent: its sequence id, and its content inflated. */
    private Sent sent() throws DataFormatException {
        ByteBuf out = outbound.readOutbound();
        try {
            int compressedLength = out.readUnsignedMediumLE();
            int sequenceId = out.readUnsignedByte();
            int length = out.readUnsignedMediumLE();
            byte[] body = new byte[compressedLength];
            out.readBytes(body);
            assertThat(out.isReadable()).isFalse();
            if (length == 0) {
                return new Sent(sequenceId, false, body);
            }
            Inflater inflater = new Inflater();
            inflater.setInput(body);
            byte[] plain = new byte[length];
            assertThat(inflater.inflate(plain)).isEqualTo(length);
            inflater.end();
            return new Sent(sequenceId, true, plain);
        } finally {
            out.release();
        }
    }

    private record Sent(int sequenceId, boolean deflated, byte[] content) {
    }

    @Test
    void whatIsWrittenUntilAFlushGoesOutAsOneCompressedPacketNumberedAfterTheClients() throws Exception {
        inbound.writeInbound(compressed(0, packet(0, text("\u0003SELECT 1")), false));
        nextFrame();
        byte[] row = text("a row of a result set, long enough that deflating it pays off, repeated: aaaaaaaaaaaa");

        outbound.write(new MySQLFrame(1, Unpooled.wrappedBuffer(row)));
        outbound.write(new MySQLFrame(2, Unpooled.wrappedBuffer(row)));
        assertThat((Object) outbound.readOutbound()).as("nothing before the flush").isNull();
        outbound.flush();

        Sent sent = sent();
        assertThat(sent.sequenceId()).as("the client's command was 0").isEqualTo(1);
        assertThat(sent.deflated()).isTrue();
        assertThat(sent.content()).isEqualTo(concat(packet(1, row), packet(2, row)));
        assertThat((Object) outbound.readOutbound()).isNull();
    }

    @Test
    void aSmallAnswerIsSentAsIsAndTheNextOneTakesTheNextNumber() throws Exception {
        inbound.writeInbound(compressed(0, packet(0, text("\u000e")), false));
        nextFrame();

        outbound.writeAndFlush(new MySQLFrame(1, Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 2, 0, 0, 0})));
        outbound.writeAndFlush(new MySQLFrame(2, Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 2, 0, 0, 0})));

        Sent first = sent();
        assertThat(first.deflated()).isFalse();
        assertThat(first.sequenceId()).isEqualTo(1);
        assertThat(first.content()).isEqualTo(packet(1, new byte[] {0, 0, 0, 2, 0, 0, 0}));
        assertThat(sent().sequenceId()).isEqualTo(2);
    }

    @Test
    void moreThanSixteenMebibytesIsSplitIntoCompressedPacketsOfAtMostTheMaximum() throws Exception {
        byte[] big = new byte[CompressedPacketEncoder.MAX_PAYLOAD + 1000];
        new java.util.Random(7).nextBytes(big);

        outbound.writeAndFlush(new MySQLFrame(1, Unpooled.wrappedBuffer(big)));

        Sent first = sent();
        Sent second = sent();
        assertThat(first.content()).hasSize(CompressedPacketEncoder.MAX_PAYLOAD);
        assertThat(first.deflated()).as("random bytes do not compress: sent as is").isFalse();
        assertThat(second.sequenceId()).isEqualTo((first.sequenceId() + 1) & 0xFF);
        byte[] joined = concat(first.content(), second.content());
        // the MySQL framing inside: a full frame of 0xFFFFFF bytes, then the rest in the next one
        assertThat(joined).hasSize(big.length + 8);
        assertThat(Arrays.copyOfRange(joined, 4, 4 + MySQLFrame.MAX_FRAME_PAYLOAD))
                .isEqualTo(Arrays.copyOf(big, MySQLFrame.MAX_FRAME_PAYLOAD));
    }
}
