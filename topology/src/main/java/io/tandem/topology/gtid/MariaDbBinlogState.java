package io.tandem.topology.gtid;

import io.tandem.topology.flavor.Flavor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MariaDB server's {@code @@gtid_binlog_state}: the last sequence number each server id logged in each domain.
 * A MariaDB position ({@code @@gtid_current_pos}) names only each domain's last GTID, so sequence numbers alone cannot
 * tell a former primary's commits that never reached the new primary ({@code 0-1-4}) from the new primary's own
 * ({@code 0-2-4}): the same number under another server id is another transaction. The binlog state keeps one
 * element per server id, which tells them apart.
 *
 * @see <a href="https://mariadb.com/kb/en/gtid/#gtid_binlog_state">MariaDB: gtid_binlog_state</a>
 */
public final class MariaDbBinlogState {

    private static final Pattern ELEMENT = Pattern.compile("(\\d+)-(\\d+)-(\\d+)");
    private static final long MAX_ID = 0xFFFF_FFFFL;

    /** domain id to (server id to its last sequence number) */
    private final Map<Long, Map<Long, Long>> lastLogged;

    private MariaDbBinlogState(Map<Long, Map<Long, Long>> lastLogged) {
        this.lastLogged = lastLogged;
    }

    /**
     * Reads {@code @@gtid_binlog_state}, one {@code domain-server_id-seq_no} element per server id and domain;
     * {@code null} or blank text is a binary log that holds nothing.
     *
     * @throws IllegalArgumentException on an element that is not {@code D-S-N}
     */
    public static MariaDbBinlogState parse(String text) {
        Map<Long, Map<Long, Long>> lastLogged = new TreeMap<>();
        if (text != null && !text.isBlank()) {
            GtidText gtidText = new GtidText(text);
            for (String element : gtidText.elements()) {
                Matcher m = ELEMENT.matcher(element);
                if (!m.matches()) {
                    throw gtidText.error("not a MariaDB binlog state element", element);
                }
                long domain = gtidText.number(m.group(1), MAX_ID, "domain id", element);
                long serverId = gtidText.number(m.group(2), MAX_ID, "server id", element);
                long seq = gtidText.number(m.group(3), Long.MAX_VALUE, "sequence number", element);
                lastLogged.computeIfAbsent(domain, d -> new TreeMap<>()).merge(serverId, seq, Math::max);
            }
        }
        return new MariaDbBinlogState(lastLogged);
    }

    /**
     * The transactions of {@code position} this binary log never held: in each domain whose last GTID
     * {@code D-S-N} is beyond the last number server S logged here ({@code M}, 0 when it logged nothing), the
     * position's numbers M+1..N. Empty when this binary log holds every domain's last GTID, and for a MySQL set.
     */
    public GtidSet unlogged(GtidSet position) {
        List<String> elements = new ArrayList<>();
        position.mariaDbDomains().forEach((domain, transactions) -> {
            if (transactions.seqs().isEmpty()) {
                return;
            }
            long top = transactions.seqs().last();
            long logged = lastLogged.getOrDefault(domain, Map.of()).getOrDefault(transactions.serverId(), 0L);
            if (top > logged) {
                elements.add(domain + "-" + transactions.serverId() + "-" + (logged + 1) + ".." + top);
            }
        });
        return elements.isEmpty() ? GtidSet.EMPTY
                : GtidSet.parse(Flavor.MARIADB, String.join(",", elements)).intersect(position);
    }

    @Override
    public String toString() {
        List<String> elements = new ArrayList<>();
        lastLogged.forEach((domain, servers) -> servers.forEach((serverId, seq) ->
                elements.add(domain + "-" + serverId + "-" + seq)));
        return String.join(",", elements);
    }
}
