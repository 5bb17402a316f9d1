package io.tandem.proxy.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.codec.MySQLFrameDecoder;
import io.tandem.proxy.protocol.packet.AuthMoreData;
import io.tandem.proxy.protocol.packet.AuthSwitchRequest;
import io.tandem.proxy.protocol.packet.EofPacket;
import io.tandem.proxy.protocol.packet.ErrPacket;
import io.tandem.proxy.protocol.packet.HandshakeResponse41;
import io.tandem.proxy.protocol.packet.HandshakeV10;
import io.tandem.proxy.protocol.packet.OkPacket;
import io.tandem.proxy.relay.ResponseShape;
import io.tandem.proxy.relay.ResponseTracker;
import io.tandem.proxy.session.SessionChanges;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arbitrary bytes from a peer, through {@link MySQLFrameDecoder} and then every packet parser and the
 * {@link ResponseTracker}. The one acceptable failure is {@link MalformedPacketException} (the proxy answers
 * ERR 1835 or closes the connection); an index error, a negative or huge allocation, a leaked buffer or a hang is
 * a bug. How the bytes are cut into reads must not change the frames. {@code mvn test} runs a bounded session
 * (see the {@code fuzz} execution in this module's pom); docs/FUZZING.md says how to run a long one and how a
 * crash becomes a regression input.
 */
class PacketDecodersFuzzTest {

    private static final int MAX_PACKET_SIZE = 1 << 20;
    /** A frame's 3-byte length and sequence id. */
    private static final int FRAME_HEADER = 4;
    private static final int[] TRACKER_CAPABILITIES = {0, Capabilities.DEPRECATE_EOF};

    @FuzzTest(maxExecutions = 20_000, maxDuration = "30s")
    void anyBytesDecodeOrFailAsMalformed(byte[] wire) {
        TrackingAllocator alloc = new TrackingAllocator();
        Decoded whole = decode(alloc, List.of(wire));
        Decoded cut = decode(alloc, fragments(wire));
        assertThat(cut).as("frames decoded from the bytes cut into random reads").isEqualTo(whole);
        alloc.assertAllReleased();
        int framed = whole.frames().stream().mapToInt(frame -> FRAME_HEADER + frame.payload().length).sum();
        assertThat(whole.partial()).as("part of a packet is buffered").isEqualTo(
                whole.error() == null && framed < wire.length);

        for (Frame frame : whole.frames()) {
            parseEveryWay(frame.payload());
        }
        for (ResponseShape shape : ResponseShape.values()) {
            for (int capabilities : TRACKER_CAPABILITIES) {
                track(new ResponseTracker(shape, capabilities), whole.frames());
            }
        }
    }

    /**
     * The frames the decoder emits for {@code reads}, whether it then holds part of a packet, and the message of the
     * protocol error that stopped it.
     */
    private static Decoded decode(TrackingAllocator alloc, List<byte[]> reads) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        MySQLFrameDecoder decoder = new MySQLFrameDecoder(MAX_PACKET_SIZE);
        channel.pipeline().addLast(decoder);
        List<Frame> frames = new ArrayList<>();
        boolean partial = false;
        String error = null;
        try {
            for (byte[] read : reads) {
                channel.writeInbound(alloc.heapBuffer(read.length).writeBytes(read));
                drain(channel, frames);
            }
            partial = decoder.hasPartialPacket();
        } catch (DecoderException e) {
            // the proxy closes the connection: nothing more is read
            error = malformed(e).getMessage();
        }
        try {
            channel.finish();
        } catch (DecoderException e) {
            // the close decodes the leftover bytes once more and meets the same error
            malformed(e);
        }
        drain(channel, frames);
        return new Decoded(frames, partial, error);
    }

    private static void drain(EmbeddedChannel channel, List<Frame> frames) {
        for (MySQLFrame frame; (frame = channel.readInbound()) != null; ) {
            try {
                frames.add(new Frame(frame.sequenceId(), ByteBufUtil.getBytes(frame.content())));
            } finally {
                frame.release();
            }
        }
    }

    private static MalformedPacketException malformed(DecoderException e) {
        if (e.getCause() instanceof MalformedPacketException malformed) {
            return malformed;
        }
        throw e;
    }

    /** The same bytes as reads of 0 to 63 bytes, cut the same way for the same input so a crash reproduces. */
    private static List<byte[]> fragments(byte[] wire) {
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(wire));
        List<byte[]> reads = new ArrayList<>();
        for (int at = 0; at < wire.length; ) {
            int length = Math.min(wire.length - at, random.nextInt(random.nextBoolean() ? 5 : 64));
            reads.add(Arrays.copyOfRange(wire, at, at + length));
            at += length;
        }
        return reads;
    }

    private static void parseEveryWay(byte[] payload) {
        parse(payload, p -> OkPacket.read(p, 0));
        OkPacket ok = parse(payload, p -> OkPacket.read(p, Capabilities.SESSION_TRACK));
        if (ok != null) {
            parse(ok.sessionState(), p -> SessionChanges.parse(ByteBufUtil.getBytes(p.buf())));
        }
        parse(payload, ErrPacket::read);
        parse(payload, EofPacket::read);
        parse(payload, HandshakeV10::read);
        parse(payload, HandshakeResponse41::readSslRequest);
        parse(payload, HandshakeResponse41::read);
        parse(payload, AuthSwitchRequest::read);
        parse(payload, AuthMoreData::read);
        parse(payload, p -> SessionChanges.parse(ByteBufUtil.getBytes(p.buf())));
    }

    /** What {@code reader} makes of {@code payload}, or {@code null} when it refuses it as malformed. */
    private static <T> T parse(byte[] payload, Function<MySQLPayload, T> reader) {
        try {
            return reader.apply(new MySQLPayload(Unpooled.wrappedBuffer(payload)));
        } catch (MalformedPacketException expected) {
            return null;
        }
    }

    /** Feeds frames as the relay does: until the response is complete, or malformed (the backend is dropped). */
    private static void track(ResponseTracker tracker, List<Frame> frames) {
        for (Frame frame : frames) {
            if (tracker.done()) {
                return;
            }
            MySQLFrame relayed = new MySQLFrame(frame.sequenceId(), Unpooled.wrappedBuffer(frame.payload()));
            try {
                tracker.next(relayed);
            } catch (MalformedPacketException expected) {
                return;
            } finally {
                assertThat(relayed.content().readerIndex()).as("the tracker only peeks at a relayed frame").isZero();
                relayed.release();
            }
        }
    }

    private record Decoded(List<Frame> frames, boolean partial, String error) {
    }

    private record Frame(int sequenceId, byte[] payload) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Frame frame && frame.sequenceId == sequenceId
                    && Arrays.equals(frame.payload, payload);
        }

        @Override
        public int hashCode() {
            return 31 * sequenceId + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Frame(seq=" + sequenceId + ", " + ByteBufUtil.hexDump(payload) + ")";
        }
    }

    /** Unpooled heap buffers that it remembers, so that every buffer the decoder touched can be checked released. */
    private static final class TrackingAllocator extends AbstractByteBufAllocator {

        private final List<ByteBuf> allocated = new ArrayList<>();

        TrackingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(buf);
            return buf;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
            CompositeByteBuf buf = new CompositeByteBuf(this, false, maxNumComponents);
            allocated.add(buf);
            return buf;
        }

        @Override
        public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
            return compositeHeapBuffer(maxNumComponents);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        void assertAllReleased() {
            assertThat(allocated.stream().filter(buf -> buf.refCnt() != 0).toList()).as("buffers never released")
                    .isEmpty();
        }
    }
}
