package io.tandem.it.conformance;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads MySQL's basic types from a payload, front to back.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_data_types.html">Basic data
 *     types</a>
 */
final class PayloadReader {

    private final byte[] payload;
    private int at;

    PayloadReader(byte[] payload, int from) {
        this.payload = payload;
        this.at = from;
    }

    boolean hasMore() {
        return at < payload.length;
    }

    int remaining() {
        return payload.length - at;
    }

    int peek() {
        return payload[at] & 0xFF;
    }

    long fixed(int bytes) {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value |= (payload[at + i] & 0xFFL) << (8 * i);
        }
        at += bytes;
        return value;
    }

    int int1() {
        return (int) fixed(1);
    }

    int int2() {
        return (int) fixed(2);
    }

    long int4() {
        return fixed(4);
    }

    /** A length-encoded integer; -1 stands for the NULL marker 0xFB. */
    long lenenc() {
        int first = int1();
        return switch (first) {
            case 0xFB -> -1;
            case 0xFC -> fixed(2);
            case 0xFD -> fixed(3);
            case 0xFE -> fixed(8);
            default -> first;
        };
    }

    byte[] bytes(int length) {
        if (length < 0 || length > remaining()) {
            throw new IllegalStateException("a field of " + length + " bytes where " + remaining() + " are left");
        }
        byte[] value = Arrays.copyOfRange(payload, at, at + length);
        at += length;
        return value;
    }

    /** A length-encoded string, or {@code null} for the NULL marker. */
    String lenencString() {
        long length = lenenc();
        return length < 0 ? null : text(bytes((int) length));
    }

    /**
     * Bytes as UTF-8 text when they are valid UTF-8, else as {@code 0x<hex>}: binary values stay exact, so two
     * different byte strings never read the same.
     */
    static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException binary) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
    }

    /** A NUL-terminated string. */
    String nulString() {
        int end = at;
        while (end < payload.length && payload[end] != 0) {
            end++;
        }
        String value = new String(payload, at, end - at, StandardCharsets.UTF_8);
        at = Math.min(end + 1, payload.length);
        return value;
    }

    /** Everything left, as text (a string at the end of a packet). */
    String restString() {
        return text(bytes(remaining()));
    }

    /** Everything left, as hex: what no decoder understood, so that nothing escapes the comparison. */
    String restHex() {
        return HexFormat.of().formatHex(bytes(remaining()));
    }
}
