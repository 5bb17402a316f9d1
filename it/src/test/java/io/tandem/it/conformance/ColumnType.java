package io.tandem.it.conformance;

import java.util.Map;

/**
 * Names of the column types a column definition carries, for reports.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/field__types_8h.html">enum_field_types</a>
 */
final class ColumnType {

    static final int TINY = 0x01;
    static final int SHORT = 0x02;
    static final int LONG = 0x03;
    static final int FLOAT = 0x04;
    static final int DOUBLE = 0x05;
    static final int TIMESTAMP = 0x07;
    static final int LONGLONG = 0x08;
    static final int INT24 = 0x09;
    static final int DATE = 0x0A;
    static final int TIME = 0x0B;
    static final int DATETIME = 0x0C;
    static final int YEAR = 0x0D;

    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(0x00, "DECIMAL"),
            Map.entry(TINY, "TINY"), Map.entry(SHORT, "SHORT"), Map.entry(LONG, "LONG"), Map.entry(FLOAT, "FLOAT"),
            Map.entry(DOUBLE, "DOUBLE"), Map.entry(0x06, "NULL"), Map.entry(TIMESTAMP, "TIMESTAMP"),
            Map.entry(LONGLONG, "LONGLONG"), Map.entry(INT24, "INT24"), Map.entry(DATE, "DATE"),
            Map.entry(TIME, "TIME"), Map.entry(DATETIME, "DATETIME"), Map.entry(YEAR, "YEAR"),
            Map.entry(0x0F, "VARCHAR"), Map.entry(0x10, "BIT"), Map.entry(0xF5, "JSON"),
            Map.entry(0xF6, "NEWDECIMAL"), Map.entry(0xF7, "ENUM"), Map.entry(0xF8, "SET"),
            Map.entry(0xF9, "TINY_BLOB"), Map.entry(0xFA, "MEDIUM_BLOB"), Map.entry(0xFB, "LONG_BLOB"),
            Map.entry(0xFC, "BLOB"), Map.entry(0xFD, "VAR_STRING"), Map.entry(0xFE, "STRING"),
            Map.entry(0xFF, "GEOMETRY"));

    private ColumnType() {
    }

    static String name(int type) {
        return NAMES.getOrDefault(type, String.format("0x%02x", type));
    }
}
