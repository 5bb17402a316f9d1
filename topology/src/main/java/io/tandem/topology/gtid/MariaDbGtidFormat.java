package io.tandem.topology.gtid;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MariaDB's GTID position text: {@code 0-1-100,1-2-7}, each element {@code domain-server_id-seq_no}.
 * Sequence numbers grow monotonically within a domain, so {@code D-S-N} stands for transactions 1..N of
 * domain D, and {@code seq_no} 0 for none. When a domain appears several times, as in
 * {@code gtid_binlog_pos} which lists one element per server id, it holds 1..max.
 *
 * <p>A set with holes, which only subtraction produces, has no MariaDB spelling; it is written interval by
 * interval as {@code D-S-A..B}, and read back the same way, so every set survives a round trip through text.
 * Sequence numbers above {@code Long.MAX_VALUE} (MariaDB allows 64 unsigned bits) are rejected.
 *
 * @see <a href="https://mariadb.com/kb/en/gtid/">MariaDB: Global Transaction ID</a>
 */
final class MariaDbGtidFormat {

    private static final Pattern ELEMENT = Pattern.compile("(\\d+)-(\\d+)-(\\d+)(?:\\.\\.(\\d+))?");
    /** Domain ids and server ids are 32-bit unsigned in MariaDB. */
    private static final long MAX_ID = 0xFFFF_FFFFL;

    private MariaDbGtidFormat() {
    }

    static boolean recognizes(String element) {
        return ELEMENT.matcher(element).matches();
    }

    static SourceMap<Long, MariaDbDomain> parse(GtidText text) {
        Map<Long, MariaDbDomain> byDomain = new TreeMap<>();
        for (String element : text.elements()) {
            Matcher m = ELEMENT.matcher(element);
            if (!m.matches()) {
                throw text.error("not a MariaDB GTID set element", element);
            }
            long domain = text.number(m.group(1), MAX_ID, "domain id", element);
            long serverId = text.number(m.group(2), MAX_ID, "server id", element);
            MariaDbDomain seen = new MariaDbDomain(seqs(m, text, element), serverId);
            byDomain.merge(domain, seen, MariaDbDomain::union);
        }
        return SourceMap.of(byDomain);
    }

    private static IntervalSet seqs(Matcher m, GtidText text, String element) {
        long first = text.number(m.group(3), Long.MAX_VALUE, "sequence number", element);
        if (m.group(4) == null) {
            return first == 0 ? IntervalSet.EMPTY : IntervalSet.of(1, first);
        }
        long last = text.number(m.group(4), Long.MAX_VALUE, "sequence number", element);
        if (first == 0) {
            throw text.error("a sequence range starts at 1 or later", element);
        }
        if (last < first) {
            throw text.error("sequence range " + first + ".." + last + " ends before it starts", element);
        }
        return IntervalSet.of(first, last);
    }

    static String render(SourceMap<Long, MariaDbDomain> domains) {
        List<String> elements = new ArrayList<>();
        domains.asMap().forEach((domain, d) -> {
            String prefix = domain + "-" + d.serverId() + "-";
            List<Interval> intervals = d.seqs().intervals();
            if (intervals.size() == 1 && intervals.get(0).start() == 1) {
                elements.add(prefix + intervals.get(0).end());
            } else {
                intervals.forEach(i -> elements.add(prefix + i.start() + ".." + i.end()));
            }
        });
        return String.join(",", elements);
    }
}
