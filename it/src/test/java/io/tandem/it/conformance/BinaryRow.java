package io.tandem.it.conformance;

import java.util.HexFormat;
import java.util.List;

/**
 * Decodes a binary protocol row (after its 0x00 header): the NULL bitmap (offset 2), then each non-NULL value in
 * the form its column type dictates. Temporal values are shown as their length and bytes.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html">Binary
 *     protocol result set</a>
 */
final class BinaryRow {

    private BinaryRow() {
    }

    static void decode(PayloadReader p, List<String> names, List<Integer> types, FieldList f) {
        byte[] bitmap = p.bytes(Math.min(p.remaining(), (types.size() + 7 + 2) / 8));
        for (int i = 0; i < types.size(); i++) {
            int bit = i + 2;
            boolean isNull = bit / 8 < bitmap.length && (bitmap[bit / 8] & (1 << (bit % 8))) != 0;
            if (!isNull && !p.hasMore()) {
                break;
            }
            f.add("col:" + names.get(i), isNull ? null : value(p, types.get(i)));
        }
        f.rest(p);
    }

    private static String value(PayloadReader p, int type) {
        return switch (type) {
            case ColumnType.TINY -> String.valueOf(p.fixed(1));
            case ColumnType.SHORT, ColumnType.YEAR -> String.valueOf(p.fixed(2));
            case ColumnType.LONG, ColumnType.INT24 -> String.valueOf(p.fixed(4));
            case ColumnType.LONGLONG -> Long.toUnsignedString(p.fixed(8));
            case ColumnType.FLOAT -> String.valueOf(Float.intBitsToFloat((int) p.fixed(4)));
            case ColumnType.DOUBLE -> String.valueOf(Double.longBitsToDouble(p.fixed(8)));
            case ColumnType.DATE, ColumnType.DATETIME, ColumnType.TIMESTAMP, ColumnType.TIME -> {
                int length = p.int1();
                yield length + ":" + HexFormat.of().formatHex(p.bytes(length));
            }
            default -> p.lenencString();
        };
    }
}
