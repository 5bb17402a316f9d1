package io.tandem.it.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes MySQL's basic types into a payload the harness sends.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_data_types.html">Basic data
 *     types</a>
 */
final class PayloadWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PayloadWriter int1(int value) {
        out.write(value);
        return this;
    }

    PayloadWriter fixed(long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >> (8 * i)));
        }
        return this;
    }

    PayloadWriter lenenc(long value) {
        if (value < 0xFB) {
            return int1((int) value);
        } else if (value < 1 << 16) {
            return int1(0xFC).fixed(value, 2);
        } else if (value < 1 << 24) {
            return int1(0xFD).fixed(value, 3);
        }
        return int1(0xFE).fixed(value, 8);
    }

    PayloadWriter bytes(byte[] value) {
        out.writeBytes(value);
        return this;
    }

    PayloadWriter lenencBytes(byte[] value) {
        return lenenc(value.length).bytes(value);
    }

    PayloadWriter lenencString(String value) {
        return lenencBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    PayloadWriter nulString(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8)).int1(0);
    }

    PayloadWriter text(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
