package io.tandem.it.conformance;

import java.nio.charset.StandardCharsets;

/**
 * Decodes an OK packet (or, with CLIENT_DEPRECATE_EOF, the OK that ends rows) after its header byte: affected rows,
 * last insert id, status flags, warnings, then the info text, which with CLIENT_SESSION_TRACK is length-encoded and
 * followed, when SERVER_SESSION_STATE_CHANGED is set, by the session state changes (one field each:
 * {@code track.sysvar.<name>}, {@code track.schema}, {@code track.state_change}, {@code track.gtids},
 * {@code track.trx_characteristics}, {@code track.trx_state}).
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html">OK_Packet</a>
 */
final class OkDecoder {

    private final boolean sessionTrack;

    OkDecoder(boolean sessionTrack) {
        this.sessionTrack = sessionTrack;
    }

    void decode(PayloadReader p, FieldList f) {
        f.add("affected_rows", p.lenenc()).add("last_insert_id", p.lenenc());
        int status = p.int2();
        f.add("status", Capability.statusNames(status)).add("warnings", p.int2());
        if (!sessionTrack) {
            if (p.hasMore()) {
                f.add("info", p.restString());
            }
            return;
        }
        if (p.hasMore()) {
            f.add("info", p.lenencString());
        }
        if ((status & Capability.STATUS_SESSION_STATE_CHANGED) != 0 && p.hasMore()) {
            PayloadReader changes = new PayloadReader(p.bytes((int) p.lenenc()), 0);
            while (changes.hasMore()) {
                change(changes, f);
            }
        }
        f.rest(p);
    }

    private static void change(PayloadReader p, FieldList f) {
        int type = p.int1();
        PayloadReader data = new PayloadReader(p.bytes((int) p.lenenc()), 0);
        switch (type) {
            case 0 -> f.add("track.sysvar." + data.lenencString(), data.lenencString());
            case 1 -> f.add("track.schema", data.lenencString());
            case 2 -> f.add("track.state_change", data.restString()); // '1', not length-encoded
            case 3 -> {
                data.int1(); // the encoding specification: 0, the only one
                f.add("track.gtids", data.lenencString());
            }
            case 4 -> f.add("track.trx_characteristics", data.lenencString());
            case 5 -> f.add("track.trx_state", data.lenencString());
            default -> f.add("track.type" + type, new String(data.bytes(data.remaining()), StandardCharsets.UTF_8));
        }
        f.rest(data);
    }
}
