package io.tandem.topology.gtid;

import io.tandem.topology.flavor.Flavor;

import java.util.Arrays;
import java.util.List;

/**
 * A GTID set's text as it was given, split into its comma-separated elements. Parsers report every mistake
 * through {@link #error} so that each message quotes the bad element and the whole text.
 */
record GtidText(String text) {

    /** The elements, stripped: MySQL prints {@code gtid_executed} with a newline after every comma. */
    List<String> elements() {
        return Arrays.stream(text.split(",", -1)).map(String::strip).toList();
    }

    /** Tells the format from the elements themselves; rejects an element of neither format, or a mix. */
    Flavor flavor() {
        String mySql = null;
        String mariaDb = null;
        for (String element : elements()) {
            if (MySqlGtidFormat.recognizes(element)) {
                mySql = mySql == null ? element : mySql;
            } else if (MariaDbGtidFormat.recognizes(element)) {
                mariaDb = mariaDb == null ? element : mariaDb;
            } else {
                throw error("not a GTID set element", element);
            }
        }
        if (mySql != null && mariaDb != null) {
            throw new IllegalArgumentException("a GTID set cannot mix MySQL and MariaDB formats: MySQL '"
                    + mySql + "' and MariaDB '" + mariaDb + "' in '" + text + "'");
        }
        return mySql != null ? Flavor.MYSQL : Flavor.MARIADB;
    }

    /** Reads unsigned decimal digits no greater than {@code max}; {@code what} names the number in errors. */
    long number(String digits, long max, String what, String element) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw error(what + " '" + digits + "' is not a decimal number", element);
        }
        String tooLarge = what + " " + digits + " is larger than " + max;
        try {
            long value = Long.parseLong(digits);
            if (value <= max) {
                return value;
            }
        } catch (NumberFormatException pastLongRange) {
            throw new IllegalArgumentException(message(tooLarge, element), pastLongRange);
        }
        throw error(tooLarge, element);
    }

    IllegalArgumentException error(String problem, String element) {
        return new IllegalArgumentException(message(problem, element));
    }

    private String message(String problem, String element) {
        return problem + ": '" + element + "' in '" + text + "'";
    }
}
