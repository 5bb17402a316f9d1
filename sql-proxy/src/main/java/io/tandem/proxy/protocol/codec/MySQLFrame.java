package io.tandem.proxy.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.DefaultByteBufHolder;
import io.tandem.proxy.protocol.MySQLPacket;
import io.tandem.proxy.protocol.MySQLPayload;

/**
 * One logical MySQL packet: its payload (joined when it arrived split at 16 MiB) and the sequence id of its first
 * wire frame. A payload of {@code n} bytes occupies {@code n / 0xFFFFFF + 1} sequence ids on the wire.
 */
public final class MySQLFrame extends DefaultByteBufHolder {

    public static final int MAX_FRAME_PAYLOAD = 0xFFFFFF;

    private final int sequenceId;

    public MySQLFrame(int sequenceId, ByteBuf payload) {
        super(payload);
        this.sequenceId = sequenceId & 0xFF;
    }

    /** A frame holding {@code packet}, written into a new buffer from {@code alloc}. */
    public static MySQLFrame of(ByteBufAllocator alloc, int sequenceId, MySQLPacket packet) {
        ByteBuf buf = alloc.ioBuffer();
        packet.write(new MySQLPayload(buf));
        return new MySQLFrame(sequenceId, buf);
    }

    /** The payload for reading with MySQL's types; reading moves this frame's reader index. */
    public MySQLPayload payload() {
        return new MySQLPayload(content());
    }

    public int sequenceId() {
        return sequenceId;
    }

    /** The sequence id the packet after this one must carry. */
    public int nextSequenceId() {
        return (sequenceId + content().readableBytes() / MAX_FRAME_PAYLOAD + 1) & 0xFF;
    }

    /** The first payload byte (the packet header: OK 0x00, EOF 0xFE, ERR 0xFF, a command byte …), or -1 if empty. */
    public int firstByte() {
        ByteBuf payload = content();
        return payload.isReadable() ? payload.getUnsignedByte(payload.readerIndex()) : -1;
    }

    public int length() {
        return content().readableBytes();
    }

    @Override
    public MySQLFrame replace(ByteBuf content) {
        return new MySQLFrame(sequenceId, content);
    }

    @Override
    public MySQLFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public String toString() {
        return "MySQLFrame(seq=" + sequenceId + ", length=" + length() + ")";
    }
}
