package io.tandem.proxy.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * MySQL's basic data types over one packet's payload: fixed-length little-endian integers, length-encoded
 * integers and strings, NUL-terminated strings. Reads past the end throw {@link MalformedPacketException}, never
 * an index error, so a truncated packet always becomes a clean protocol error.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_data_types.html">Basic
 *     data types</a>
 */
public final class MySQLPayload {

    private final ByteBuf buf;

    public MySQLPayload(ByteBuf buf) {
        this.buf = buf;
    }

    public ByteBuf buf() {
        return buf;
    }

    public int readableBytes() {
        return buf.readableBytes();
    }

    public int readInt1() {
        need(1);
        return buf.readUnsignedByte();
    }

    public int readInt2() {
        need(2);
        return buf.readUnsignedShortLE();
    }

    public int readInt3() {
        need(3);
        return buf.readUnsignedMediumLE();
    }

    public long readInt4() {
        need(4);
        return buf.readUnsignedIntLE();
    }

    public long readInt8() {
        need(8);
        return buf.readLongLE();
    }

    /** A length-encoded integer; {@code 0xFB} (NULL in a row) is not accepted here. */
    public long readIntLenenc() {
        int first = readInt1();
        return switch (first) {
            case 0xFC -> readInt2();
            case 0xFD -> readInt3();
            case 0xFE -> readInt8();
            case 0xFB, 0xFF -> throw new MalformedPacketException("invalid length-encoded integer prefix 0x"
                    + Integer.toHexString(first));
            default -> first;
        };
    }

    public byte[] readBytesLenenc() {
        long length = readIntLenenc();
        // 2^63 and more read as negative: without the sign check they would wrap to a small int below
        if (length < 0 || length > buf.readableBytes()) {
            throw new MalformedPacketException("length-encoded string of " + length + " bytes, only "
                    + buf.readableBytes() + " left");
        }
        return readBytes((int) length);
    }

    public String readStringLenenc() {
        return new String(readBytesLenenc(), StandardCharsets.UTF_8);
    }

    public byte[] readBytes(int length) {
        need(length);
        byte[] bytes = new byte[length];
        buf.readBytes(bytes);
        return bytes;
    }

    public String readStringFixed(int length) {
        return new String(readBytes(length), StandardCharsets.UTF_8);
    }

    public byte[] readBytesNul() {
        int end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 0);
        if (end < 0) {
            throw new MalformedPacketException("string without its terminating NUL");
        }
        byte[] bytes = readBytes(end - buf.readerIndex());
        buf.skipBytes(1);
        return bytes;
    }

    public String readStringNul() {
        return new String(readBytesNul(), StandardCharsets.UTF_8);
    }

    /** The rest of the payload ({@code string<EOF>}). */
    public byte[] readBytesEof() {
        return readBytes(buf.readableBytes());
    }

    public String readStringEof(Charset charset) {
        return new String(readBytesEof(), charset);
    }

    public void skip(int length) {
        need(length);
        buf.skipBytes(length);
    }

    public MySQLPayload writeInt1(int value) {
        buf.writeByte(value);
        return this;
    }

    public MySQLPayload writeInt2(int value) {
        buf.writeShortLE(value);
        return this;
    }

    public MySQLPayload writeInt3(int value) {
        buf.writeMediumLE(value);
        return this;
    }

    public MySQLPayload writeInt4(long value) {
        buf.writeIntLE((int) value);
        return this;
    }

    public MySQLPayload writeInt8(long value) {
        buf.writeLongLE(value);
        return this;
    }

    public MySQLPayload writeIntLenenc(long value) {
        if (value >= 0 && value < 0xFB) {
            buf.writeByte((int) value);
        } else if (value >= 0 && value < 1 << 16) {
            buf.writeByte(0xFC).writeShortLE((int) value);
        } else if (value >= 0 && value < 1 << 24) {
            buf.writeByte(0xFD).writeMediumLE((int) value);
        } else {
            buf.writeByte(0xFE).writeLongLE(value);
        }
        return this;
    }

    public MySQLPayload writeBytesLenenc(byte[] value) {
        writeIntLenenc(value.length);
        buf.writeBytes(value);
        return this;
    }

    public MySQLPayload writeStringLenenc(String value) {
        return writeBytesLenenc(value.getBytes(StandardCharsets.UTF_8));
    }

    public MySQLPayload writeBytes(byte[] value) {
        buf.writeBytes(value);
        return this;
    }

    public MySQLPayload writeStringNul(String value) {
        buf.writeBytes(value.getBytes(StandardCharsets.UTF_8)).writeByte(0);
        return this;
    }

    public MySQLPayload writeStringEof(String value) {
        buf.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public MySQLPayload writeZero(int length) {
        buf.writeZero(length);
        return this;
    }

    private void need(int length) {
        if (length < 0 || buf.readableBytes() < length) {
            throw new MalformedPacketException("packet too short: needs " + length + " more bytes, has "
                    + buf.readableBytes());
        }
    }
}
