package io.tandem.proxy.routing;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A statement's bytes seen as characters without decoding them: each byte is one char. SQL's keywords, quotes,
 * comment markers and operators are ASCII, and in UTF-8 (and every charset a client may use with MySQL's ASCII
 * syntax) no byte of a multi-byte character is ASCII, so the lexer sees exactly the tokens it would see in the
 * decoded text; bytes of 0x80 and above read as identifier characters, which they are in unquoted names.
 */
public final class PacketText implements CharSequence {

    private final ByteBuf bytes;
    private final int from;
    private final int length;

    /** The {@code length} bytes of {@code bytes} from absolute index {@code from}; indexes, not the reader index. */
    public PacketText(ByteBuf bytes, int from, int length) {
        this.bytes = bytes;
        this.from = from;
        this.length = length;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) (bytes.getByte(from + index) & 0xFF);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        Objects.checkFromToIndex(start, end, length);
        return new PacketText(bytes, from + start, end - start);
    }

    /** The text decoded as UTF-8, for messages and logs. */
    @Override
    public String toString() {
        return bytes.toString(from, length, StandardCharsets.UTF_8);
    }
}
