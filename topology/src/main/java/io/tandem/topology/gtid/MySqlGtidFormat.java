package io.tandem.topology.gtid;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * MySQL's GTID set text: {@code uuid:1-5:7,uuid2:1-9}, a server UUID followed by colon-separated intervals.
 * UUIDs are read case-insensitively and written lower-case. The tagged GTIDs of MySQL 8.4
 * ({@code uuid:tag:1-5}) are rejected rather than misread, as Tandem does not model tags.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/replication-gtids-concepts.html">MySQL: GTID format and storage</a>
 */
final class MySqlGtidFormat {

    private static final Pattern UUID = Pattern.compile(
            "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private MySqlGtidFormat() {
    }

    /** Only MySQL elements have a colon; a MariaDB element never does. */
    static boolean recognizes(String element) {
        return element.indexOf(':') >= 0;
    }

    static SourceMap<String, IntervalSet> parse(GtidText text) {
        Map<String, IntervalSet> byUuid = new TreeMap<>();
        for (String element : text.elements()) {
            if (!recognizes(element)) {
                throw text.error("not a MySQL GTID set element", element);
            }
            String[] parts = element.split(":", -1);
            String uuid = parts[0].strip();
            if (!UUID.matcher(uuid).matches()) {
                throw text.error("malformed server UUID '" + uuid + "'", element);
            }
            List<Interval> intervals = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                intervals.add(interval(parts[i].strip(), text, element));
            }
            // the same UUID may appear in several elements; MySQL adds them all
            byUuid.merge(uuid.toLowerCase(Locale.ROOT), IntervalSet.of(intervals), IntervalSet::union);
        }
        return SourceMap.of(byUuid);
    }

    /** Reads {@code a-b} or a single {@code n}. */
    private static Interval interval(String part, GtidText text, String element) {
        if (!part.isEmpty() && (Character.isLetter(part.charAt(0)) || part.charAt(0) == '_')) {
            throw text.error("tagged GTIDs are not supported", element);
        }
        int dash = part.indexOf('-');
        String first = dash < 0 ? part : part.substring(0, dash).strip();
        long start = text.number(first, Long.MAX_VALUE, "transaction number", element);
        long end = dash < 0 ? start : text.number(part.substring(dash + 1).strip(), Long.MAX_VALUE,
                "transaction number", element);
        if (start == 0) {
            throw text.error("MySQL transaction numbers start at 1", element);
        }
        if (end < start) {
            throw text.error("interval " + part + " ends before it starts", element);
        }
        return new Interval(start, end);
    }

    static String render(SourceMap<String, IntervalSet> uuids) {
        return uuids.asMap().entrySet().stream()
                .map(source -> source.getKey() + ":" + source.getValue().intervals().stream()
                        .map(Interval::toString)
                        .collect(Collectors.joining(":")))
                .collect(Collectors.joining(","));
    }
}
