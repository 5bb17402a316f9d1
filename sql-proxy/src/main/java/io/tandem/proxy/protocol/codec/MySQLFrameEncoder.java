package io.tandem.proxy.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.util.List;

/**
 * Writes {@link MySQLFrame}s with their headers, splitting payloads of 0xFFFFFF bytes or more into consecutive
 * frames (and an empty last frame when the size is an exact multiple), numbering them from the frame's sequence
 * id. Payload bytes are passed on as slices, never copied.
 */
@ChannelHandler.Sharable
public final class MySQLFrameEncoder extends MessageToMessageEncoder<MySQLFrame> {

    @Override
    protected void encode(ChannelHandlerContext ctx, MySQLFrame frame, List<Object> out) {
        ByteBuf payload = frame.content();
        int sequenceId = frame.sequenceId();
        while (true) {
            int length = Math.min(payload.readableBytes(), MySQLFrame.MAX_FRAME_PAYLOAD);
            out.add(ctx.alloc().ioBuffer(4).writeMediumLE(length).writeByte(sequenceId));
            if (length > 0) {
                out.add(payload.readRetainedSlice(length));
            }
            sequenceId = (sequenceId + 1) & 0xFF;
            if (length < MySQLFrame.MAX_FRAME_PAYLOAD) {
                return;
            }
        }
    }
}
