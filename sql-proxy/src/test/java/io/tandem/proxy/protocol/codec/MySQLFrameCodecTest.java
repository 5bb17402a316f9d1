package io.tandem.proxy.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.tandem.proxy.protocol.MalformedPacketException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MySQLFrameCodecTest {

    /** COM_QUERY "SELECT 1" as a client sends it: length 9, sequence 0. */
    private static final String SELECT_1 = "09000000" + "03" + "53454c4543542031";

    @Test
    void decodesAPacketFedOneByteAtATime() {
        EmbeddedChannel channel = new EmbeddedChannel(new MySQLFrameDecoder(1 << 20));
        byte[] bytes = ByteBufUtil.decodeHexDump(SELECT_1);
        for (int i = 0; i < bytes.length - 1; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {bytes[i]}));
            assertThat((Object) channel.readInbound()).as("nothing before the last byte").isNull();
        }
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {bytes[bytes.length - 1]}));

        MySQLFrame frame = channel.readInbound();
        assertThat(frame.sequenceId()).isZero();
        assertThat(frame.firstByte()).isEqualTo(0x03);
        assertThat(ByteBufUtil.hexDump(frame.content())).isEqualTo("0353454c4543542031");
        frame.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void decodesSeveralPacketsFromOneBuffer() {
        EmbeddedChannel channel = new EmbeddedChannel(new MySQLFrameDecoder(1 << 20));
        channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("0100000101" + "0200000202ff")));

        MySQLFrame first = channel.readInbound();
        MySQLFrame second = channel.readInbound();
        assertThat(first.sequenceId()).isEqualTo(1);
        assertThat(second.sequenceId()).isEqualTo(2);
        assertThat(ByteBufUtil.hexDump(second.content())).isEqualTo("02ff");
        first.release();
        second.release();
    }

    @Test
    void leavesTheBytesAfterAPacketForTheHandlerToTake() {
        // a packet followed by another complete one in the same read: the handler of the first (an SSLRequest)
        // must find the second still buffered, undecoded, to pass it through TLS
        MySQLFrameDecoder decoder = new MySQLFrameDecoder(1 << 20);
        java.util.List<String> taken = new java.util.ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                ((MySQLFrame) msg).release();
                ByteBuf rest = decoder.takeBuffered();
                taken.add(ByteBufUtil.hexDump(rest));
                rest.release();
            }
        });
        channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("0200000101ff" + "0300000216aabb")));

        assertThat(taken).containsExactly("0300000216aabb");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void joinsAndSplitsPacketsOf16MiBAndMore() {
        byte[] payload = new byte[MySQLFrame.MAX_FRAME_PAYLOAD * 2 + 10];
        Arrays.fill(payload, (byte) 7);
        payload[payload.length - 1] = 9;
        EmbeddedChannel encoder = new EmbeddedChannel(new MySQLFrameEncoder());
        encoder.writeOutbound(new MySQLFrame(3, Unpooled.wrappedBuffer(payload)));
        ByteBuf wire = Unpooled.buffer();
        Object part;
        while ((part = encoder.readOutbound()) != null) {
            wire.writeBytes((ByteBuf) part);
            ((ByteBuf) part).release();
        }
        assertThat(wire.readableBytes()).isEqualTo(payload.length + 3 * 4);
        assertThat(wire.getUnsignedMediumLE(0)).isEqualTo(MySQLFrame.MAX_FRAME_PAYLOAD);
        assertThat(wire.getUnsignedByte(3)).isEqualTo((short) 3);
        assertThat(wire.getUnsignedByte(4 + MySQLFrame.MAX_FRAME_PAYLOAD + 3)).isEqualTo((short) 4);

        EmbeddedChannel decoder = new EmbeddedChannel(new MySQLFrameDecoder(64 << 20));
        decoder.writeInbound(wire);
        MySQLFrame joined = decoder.readInbound();
        assertThat(joined.sequenceId()).isEqualTo(3);
        assertThat(joined.length()).isEqualTo(payload.length);
        assertThat(joined.nextSequenceId()).isEqualTo(6);
        assertThat(joined.content().getByte(payload.length - 1)).isEqualTo((byte) 9);
        joined.release();
    }

    @Test
    void aPayloadOfExactly16MiBEndsWithAnEmptyFrame() {
        EmbeddedChannel encoder = new EmbeddedChannel(new MySQLFrameEncoder());
        encoder.writeOutbound(new MySQLFrame(0, Unpooled.wrappedBuffer(new byte[MySQLFrame.MAX_FRAME_PAYLOAD])));
        int headers = 0;
        ByteBuf last = null;
        Object part;
        while ((part = encoder.readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) part;
            if (buf.readableBytes() == 4) {
                headers++;
                last = buf.copy();
            }
            buf.release();
        }
        assertThat(headers).isEqualTo(2);
        assertThat(ByteBufUtil.hexDump(last)).isEqualTo("00000001");
    }

    @Test
    void refusesAPacketLargerThanTheMaximumBeforeBufferingIt() {
        EmbeddedChannel channel = new EmbeddedChannel(new MySQLFrameDecoder(100));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("e8030000"))))
                .isInstanceOf(DecoderException.class)
                .hasCauseInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("exceeds the maximum of 100 bytes");
    }

    @Test
    void refusesAContinuationFrameWithTheWrongSequenceId() {
        EmbeddedChannel channel = new EmbeddedChannel(new MySQLFrameDecoder(64 << 20));
        ByteBuf wire = Unpooled.buffer();
        wire.writeMediumLE(MySQLFrame.MAX_FRAME_PAYLOAD).writeByte(0).writeZero(MySQLFrame.MAX_FRAME_PAYLOAD);
        wire.writeMediumLE(1).writeByte(5).writeByte(1);

        assertThatThrownBy(() -> channel.writeInbound(wire))
                .isInstanceOf(DecoderException.class)
                .hasMessageContaining("sequence id 5, expected 1");
    }
}
