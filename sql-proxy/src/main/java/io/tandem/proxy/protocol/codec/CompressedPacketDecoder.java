package io.tandem.proxy.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.tandem.proxy.protocol.MalformedPacketException;

import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The inbound half of the compressed protocol: cuts the stream into compressed packets (a 3-byte compressed length,
 * the compressed sequence id, a 3-byte uncompressed length that is 0 when the payload was sent as is) and passes
 * their zlib-inflated content on as plain bytes, in which {@link MySQLFrameDecoder} then finds MySQL packets (a
 * compressed packet may hold several, or part of one).
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_compression.html">Compression</a>
 */
public final class CompressedPacketDecoder extends ByteToMessageDecoder {

    static final int HEADER = 7;

    private final CompressionSequence sequence;
    private final Inflater inflater = new Inflater();

    public CompressedPacketDecoder(CompressionSequence sequence) {
        this.sequence = sequence;
    }

    /**
     * Puts both halves of the compressed protocol in front of the {@link MySQLFrameDecoder} of {@code pipeline},
     * sharing one sequence; nothing when they are there already (a second login on the connection).
     */
    public static void install(ChannelPipeline pipeline) {
        if (pipeline.get(CompressedPacketDecoder.class) != null) {
            return;
        }
        CompressionSequence sequence = new CompressionSequence();
        String frames = pipeline.context(MySQLFrameDecoder.class).name();
        pipeline.addBefore(frames, "decompress", new CompressedPacketDecoder(sequence));
        pipeline.addBefore("decompress", "compress", new CompressedPacketEncoder(sequence));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= HEADER) {
            int start = in.readerIndex();
            int compressedLength = in.getUnsignedMediumLE(start);
            int sequenceId = in.getUnsignedByte(start + 3);
            int length = in.getUnsignedMediumLE(start + 4);
            if (in.readableBytes() < HEADER + compressedLength) {
                return;
            }
            in.skipBytes(HEADER);
            sequence.received(sequenceId);
            if (length == 0) {
                out.add(in.readRetainedSlice(compressedLength));
            } else {
                out.add(inflate(ctx, in, compressedLength, length));
            }
        }
    }

    private ByteBuf inflate(ChannelHandlerContext ctx, ByteBuf in, int compressedLength, int length) {
        byte[] compressed = new byte[compressedLength];
        in.readBytes(compressed);
        byte[] plain = new byte[length];
        inflater.reset();
        inflater.setInput(compressed);
        try {
            int inflated = inflater.inflate(plain);
            if (inflated != length || !inflater.finished()) {
                throw new MalformedPacketException("compressed packet announces " + length
                        + " bytes but inflates to " + (inflater.finished() ? inflated : "more"));
            }
        } catch (DataFormatException e) {
            throw new MalformedPacketException("compressed packet is not zlib data: " + e.getMessage());
        }
        return ctx.alloc().buffer(length).writeBytes(plain);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        inflater.end();
    }
}
