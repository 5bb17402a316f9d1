package io.tandem.it.conformance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A packet read field by field, losslessly (what no decoder understood stays as {@code rest} in hex): what the
 * comparer compares and the report shows. Row cells are named {@code col:<column name>}.
 */
record DecodedPacket(Role role, int sequenceId, List<Field> fields) {

    /** Values longer than this are shown abbreviated (and compared whole). */
    static final int SHOWN_LENGTH = 200;

    /** One field of a packet, e.g. {@code affected_rows=1} or {@code col:@@port=3306}. */
    record Field(String name, String value) {
        @Override
        public String toString() {
            return name + "=" + (value == null ? "NULL" : printable(abbreviated(value)));
        }
    }

    /**
     * A long value (a 16 MiB cell) as its start, its length and a digest, so a report stays readable and two
     * different long values still read differently.
     */
    static String abbreviated(String value) {
        if (value.length() <= SHOWN_LENGTH) {
            return value;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    value.getBytes(StandardCharsets.UTF_8));
            return value.substring(0, 60) + "...(" + value.length() + " chars, sha256 "
                    + HexFormat.of().formatHex(digest, 0, 8) + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** {@code text} with control characters (binary values, line breaks) escaped, so a report stays readable. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (c < 0x20 || c == 0x7F) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** This packet with {@code change} applied to every field's value whose name {@code matches}. */
    DecodedPacket withValues(java.util.function.Predicate<String> matches, UnaryOperator<String> change) {
        List<Field> changed = new ArrayList<>(fields.size());
        for (Field field : fields) {
            changed.add(matches.test(field.name()) ? new Field(field.name(), change.apply(field.value())) : field);
        }
        return new DecodedPacket(role, sequenceId, List.copyOf(changed));
    }

    @Override
    public String toString() {
        return role + " #" + (sequenceId == MaskRule.MASKED_SEQUENCE ? "*" : String.valueOf(sequenceId)) + " {" + fields.stream().map(Field::toString)
                .collect(Collectors.joining(", ")) + "}";
    }
}
