package io.tandem.proxy.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.PromiseNotifier;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * The outbound half of the compressed protocol: what is written until a flush (already framed as MySQL packets) is
 * sent as compressed packets of at most 0xFFFFFF bytes before compression, zlib-deflated unless that would not make
 * it smaller, as a server does. Collecting until the flush compresses a relayed read batch as a whole instead of
 * packet by packet.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_compression.html">Compression</a>
 */
public final class CompressedPacketEncoder extends ChannelOutboundHandlerAdapter {

    /** Below this, a payload is sent as is (MIN_COMPRESS_LENGTH in the server). */
    static final int MIN_COMPRESS_LENGTH = 50;
    static final int MAX_PAYLOAD = 0xFFFFFF;

    private final CompressionSequence sequence;
    private final Deflater deflater = new Deflater();
    private CompositeByteBuf pending;
    /** The writers waiting to learn that their bytes went out, with the compressed packet that carries them. */
    private final List<ChannelPromise> promises = new ArrayList<>();

    public CompressedPacketEncoder(CompressionSequence sequence) {
        this.sequence = sequence;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.write(msg, promise);
            return;
        }
        if (pending == null) {
            pending = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
        }
        pending.addComponent(true, bytes);
        if (!promise.isVoid()) {
            promises.add(promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        CompositeByteBuf plain = pending;
        pending = null;
        if (plain != null) {
            ChannelPromise written = ctx.voidPromise();
            if (!promises.isEmpty()) {
                written = ctx.newPromise();
                written.addListener(new PromiseNotifier<>(promises.toArray(new ChannelPromise[0])));
                promises.clear();
            }
            try {
                while (plain.isReadable()) {
                    ByteBuf chunk = plain.readSlice(Math.min(plain.readableBytes(), MAX_PAYLOAD));
                    ctx.write(compress(ctx, chunk), plain.isReadable() ? ctx.voidPromise() : written);
                }
            } finally {
                plain.release();
            }
        }
        ctx.flush();
    }

    private ByteBuf compress(ChannelHandlerContext ctx, ByteBuf chunk) {
        int length = chunk.readableBytes();
        if (length >= MIN_COMPRESS_LENGTH) {
            byte[] input = new byte[length];
            chunk.getBytes(chunk.readerIndex(), input);
            deflater.reset();
            deflater.setInput(input);
            deflater.finish();
            byte[] output = new byte[length];
            int compressed = deflater.deflate(output);
            if (deflater.finished() && compressed < length) {
                return ctx.alloc().ioBuffer(CompressedPacketDecoder.HEADER + compressed).writeMediumLE(compressed)
                        .writeByte(sequence.next()).writeMediumLE(length).writeBytes(output, 0, compressed);
            }
        }
        return ctx.alloc().ioBuffer(CompressedPacketDecoder.HEADER + length).writeMediumLE(length)
                .writeByte(sequence.next()).writeMediumLE(0).writeBytes(chunk);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        // what was written but never flushed is not sent: release it
        discardPending();
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        discardPending();
        deflater.end();
    }

    private void discardPending() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        promises.forEach(p -> p.tryFailure(new java.nio.channels.ClosedChannelException()));
        promises.clear();
    }
}
