package io.tandem.proxy.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.tandem.proxy.protocol.MalformedPacketException;

import java.util.List;

/**
 * Cuts the byte stream into {@link MySQLFrame}s: a 3-byte little-endian length, a sequence id, the payload.
 * Frames of exactly 0xFFFFFF bytes continue in the next frame and are joined into one logical packet; a logical
 * packet larger than {@code maxPacketSize} is refused before it is buffered. Sequence ids of continuation frames
 * must follow one another. One logical packet is produced per call, as the handler may change the pipeline
 * (TLS) between packets.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html">MySQL packets</a>
 */
public final class MySQLFrameDecoder extends ByteToMessageDecoder {

    private static final int HEADER = 4;

    private final int maxPacketSize;
    /** The continuation frames joined so far, or {@code null} between logical packets. */
    private CompositeByteBuf pending;
    private int pendingSequenceId;
    private int expectedSequenceId;

    public MySQLFrameDecoder(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= HEADER) {
            int length = in.getUnsignedMediumLE(in.readerIndex());
            int sequenceId = in.getUnsignedByte(in.readerIndex() + 3);
            long total = (pending == null ? 0 : pending.readableBytes()) + (long) length;
            if (total > maxPacketSize) {
                reset();
                throw new MalformedPacketException("packet of at least " + total + " bytes exceeds the maximum of "
                        + maxPacketSize + " bytes");
            }
            if (pending != null && sequenceId != expectedSequenceId) {
                reset();
                throw new MalformedPacketException("continuation frame has sequence id " + sequenceId + ", expected "
                        + expectedSequenceId);
            }
            if (in.readableBytes() < HEADER + length) {
                return;
            }
            in.skipBytes(HEADER);
            ByteBuf payload = in.readRetainedSlice(length);
            if (length == MySQLFrame.MAX_FRAME_PAYLOAD) {
                if (pending == null) {
                    pending = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
                    pendingSequenceId = sequenceId;
                }
                pending.addComponent(true, payload);
                expectedSequenceId = (sequenceId + 1) & 0xFF;
                continue;
            }
            if (pending == null) {
                out.add(new MySQLFrame(sequenceId, payload));
            } else {
                pending.addComponent(true, payload);
                out.add(new MySQLFrame(pendingSequenceId, pending));
                pending = null;
            }
            // one packet per call: the handler sees it before the next bytes are decoded, so it can put TLS in
            // front of this decoder when the packet was an SSLRequest and the TLS handshake follows in the buffer
            return;
        }
    }

    /**
     * Takes the bytes buffered after the last packet, e.g. a TLS ClientHello that arrived in the same read as the
     * SSLRequest, so that they can go through the TLS handler inserted before this decoder.
     */
    public ByteBuf takeBuffered() {
        ByteBuf buffered = internalBuffer();
        return buffered.readRetainedSlice(buffered.readableBytes());
    }

    /** Whether part of a packet has arrived and the rest has not: a client stalling mid-packet. */
    public boolean hasPartialPacket() {
        return pending != null || internalBuffer().isReadable();
    }

    private void reset() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        reset();
    }
}
