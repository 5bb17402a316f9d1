package io.tandem.it.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The named rules that hide values legitimately different between a server and the proxy in front of it, applied
 * to both transcripts alike before they are compared. A masked value reads {@code <rule name>}; a masked sequence id
 * reads {@code *}. Cell rules match a result column by its exact name (case-insensitive), so scripts select these
 * values under their natural names, e.g. {@code SELECT CONNECTION_ID()}.
 */
enum MaskRule {

    CONNECTION_ID("connection-id", "cells of CONNECTION_ID() and @@pseudo_thread_id: the proxy's client sees its "
            + "backend's thread", cells("connection-id", "connection_id\\(\\)|@@(session\\.)?pseudo_thread_id")),
    PORT("port", "cells of @@port: the proxy reads from replicas on other ports",
            cells("port", "@@(global\\.)?port")),
    HOSTNAME("hostname", "cells of @@hostname and @@report_host",
            cells("hostname", "@@(global\\.)?(hostname|report_host)")),
    SERVER_UUID("server-uuid", "cells of @@server_uuid: every server has its own",
            cells("server-uuid", "@@(global\\.)?server_uuid")),
    SERVER_ID("server-id", "cells of @@server_id: every server has its own",
            cells("server-id", "@@(global\\.)?server_id")),
    SERVER_VERSION("server-version", "cells of VERSION() and @@version (the replicas run the same build; kept for"
            + " a proxy that announces its own)", cells("server-version", "version\\(\\)|@@(global\\.)?version")),
    GTID("gtid", "GTID positions: cells of @@gtid_executed, @@gtid_current_pos, @@gtid_binlog_pos, @@last_gtid and"
            + " the values of tracked GTIDs and of a tracked last_gtid", gtid()),
    TIMESTAMP("timestamp", "cells of NOW(), SYSDATE(), CURRENT_TIMESTAMP(), UNIX_TIMESTAMP(), UTC_TIMESTAMP()",
            cells("timestamp",
                    "now\\(\\)|sysdate\\(\\)|current_timestamp(\\(\\))?|unix_timestamp\\(\\)|utc_timestamp\\(\\)")),
    STATEMENT_ID("statement-id", "the statement id of a COM_STMT_PREPARE answer: the proxy numbers its client's"
            + " statements itself", (exchange, packets) -> replaceAll(packets, name -> name.equals("statement_id"),
            "statement-id")),
    CLIENT_HOST("client-host", "the host of the account in an access-denied message: the server names the host the"
            + " connection came from, which is the proxy's address (or name) for a proxied client", clientHost()),
    AUTH_EXCHANGE("auth-exchange", "authentication rounds (auth switch, caching_sha2 fast/full auth) of a login or"
            + " COM_CHANGE_USER are dropped and the sequence id of the final OK/ERR hidden: only the outcome counts",
            MaskRule::authOutcomeOnly),
    COMPRESSED_SEQUENCE("compressed-sequence", "in cases whose client asks for compression only: the sequence ids of"
            + " the packets inside compressed frames. Under the compressed protocol the server sets them to the"
            + " frame counter at each flush (a multi-statement's second result starts again at 2), and clients do"
            + " not check them; the harness's client checks the frames' own sequence ids instead",
            MaskRule::sequenceHidden) {
        @Override
        boolean appliesTo(boolean compressedCase) {
            return compressedCase;
        }
    };

    private static final Set<Role> AUTH_ROUNDS = Set.of(Role.AUTH_SWITCH, Role.AUTH_MORE_DATA);
    static final int MASKED_SEQUENCE = -2;

    /** How a rule rewrites one exchange's packets. */
    @FunctionalInterface
    private interface Masking {
        List<DecodedPacket> apply(String exchange, List<DecodedPacket> packets);
    }

    private final String ruleName;
    private final String description;
    private final Masking masking;

    MaskRule(String ruleName, String description, Masking masking) {
        this.ruleName = ruleName;
        this.description = description;
        this.masking = masking;
    }

    String ruleName() {
        return ruleName;
    }

    String description() {
        return description;
    }

    /** Whether the rule masks a case; {@code compressedCase}: its client asks for the compressed protocol. */
    boolean appliesTo(boolean compressedCase) {
        return true;
    }

    /** The packets of the exchange labelled {@code exchange} with this rule applied. */
    List<DecodedPacket> apply(String exchange, List<DecodedPacket> packets) {
        return masking.apply(exchange, packets);
    }

    private static Masking cells(String label, String columnNames) {
        Pattern pattern = Pattern.compile("(?i)col:(" + columnNames + ")");
        return (exchange, packets) -> replaceAll(packets, name -> pattern.matcher(name).matches(), label);
    }

    private static Masking clientHost() {
        Pattern host = Pattern.compile("(for user '[^']*'@')[^']*(')");
        return (exchange, packets) -> packets.stream().map(p -> p.role() != Role.ERR ? p : p.withValues(
                "message"::equals, m -> host.matcher(m).replaceAll("$1<client-host>$2"))).toList();
    }

    private static Masking gtid() {
        Pattern cell = Pattern.compile(
                "(?i)col:@@(global\\.|session\\.)?(gtid_executed|gtid_current_pos|gtid_binlog_pos|last_gtid)");
        return (exchange, packets) -> replaceAll(packets, name -> cell.matcher(name).matches()
                || name.equals("track.gtids") || name.equals("track.sysvar.last_gtid"), "gtid");
    }

    private static List<DecodedPacket> replaceAll(List<DecodedPacket> packets,
                                                  java.util.function.Predicate<String> names, String label) {
        return packets.stream().map(p -> p.withValues(names, v -> v == null ? null : "<" + label + ">")).toList();
    }

    private static List<DecodedPacket> sequenceHidden(String exchange, List<DecodedPacket> packets) {
        return packets.stream().map(p -> new DecodedPacket(p.role(), MASKED_SEQUENCE, p.fields())).toList();
    }

    private static List<DecodedPacket> authOutcomeOnly(String exchange, List<DecodedPacket> packets) {
        if (!exchange.equals("login") && !exchange.contains(CommandKind.CHANGE_USER.directive())) {
            return packets;
        }
        List<DecodedPacket> outcome = new ArrayList<>();
        for (DecodedPacket p : packets) {
            if (!AUTH_ROUNDS.contains(p.role())) {
                outcome.add(new DecodedPacket(p.role(), MASKED_SEQUENCE, p.fields()));
            }
        }
        return outcome;
    }
}
