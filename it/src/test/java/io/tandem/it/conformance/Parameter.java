package io.tandem.it.conformance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A value bound to a prepared statement's placeholder, with the binary protocol type it is sent as: integers as
 * MYSQL_TYPE_LONGLONG, 'quoted' text as MYSQL_TYPE_VAR_STRING, decimals as MYSQL_TYPE_DOUBLE, NULL as
 * MYSQL_TYPE_NULL.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_execute.html">
 *     COM_STMT_EXECUTE</a>
 */
record Parameter(int type, byte[] value) {

    static final int TYPE_DOUBLE = 0x05;
    static final int TYPE_NULL = 0x06;
    static final int TYPE_LONGLONG = 0x08;
    static final int TYPE_VAR_STRING = 0xFD;

    boolean isNull() {
        return type == TYPE_NULL;
    }

    /** Parameters as a script writes them: {@code 1, 'it''s', NULL, 2.5}. */
    static List<Parameter> parseList(String text) {
        List<Parameter> parameters = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == ' ' || c == ',') {
                at++;
            } else if (c == '\'') {
                StringBuilder value = new StringBuilder();
                at++;
                while (true) {
                    if (at >= text.length()) {
                        throw new IllegalArgumentException("unterminated string in parameters: " + text);
                    }
                    char d = text.charAt(at++);
                    if (d == '\'' && at < text.length() && text.charAt(at) == '\'') {
                        value.append('\'');
                        at++;
                    } else if (d == '\'') {
                        break;
                    } else {
                        value.append(d);
                    }
                }
                parameters.add(new Parameter(TYPE_VAR_STRING, value.toString().getBytes(StandardCharsets.UTF_8)));
            } else {
                int end = text.indexOf(',', at);
                String token = (end < 0 ? text.substring(at) : text.substring(at, end)).strip();
                at = end < 0 ? text.length() : end;
                parameters.add(scalar(token));
            }
        }
        return parameters;
    }

    private static Parameter scalar(String token) {
        if (token.equalsIgnoreCase("NULL")) {
            return new Parameter(TYPE_NULL, new byte[0]);
        }
        if (token.contains(".")) {
            long bits = Double.doubleToLongBits(Double.parseDouble(token));
            return new Parameter(TYPE_DOUBLE, new PayloadWriter().fixed(bits, 8).toBytes());
        }
        return new Parameter(TYPE_LONGLONG, new PayloadWriter().fixed(Long.parseLong(token), 8).toBytes());
    }
}
