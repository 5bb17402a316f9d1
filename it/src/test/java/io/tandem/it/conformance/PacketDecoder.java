package io.tandem.it.conformance;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Decodes the packets of one pass field by field. It keeps the column definitions of the result set being read,
 * so that rows (text and binary, also rows a later COM_STMT_FETCH returns) are decoded cell by cell under their
 * column names.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_response_packets.html">
 *     Generic response packets</a>
 */
final class PacketDecoder {

    private final List<Column> columns = new ArrayList<>();
    private final OkDecoder ok;

    /** A column as rows need it: its name and type. */
    private record Column(String name, int type) {
    }

    PacketDecoder(boolean sessionTrack) {
        this.ok = new OkDecoder(sessionTrack);
    }

    List<DecodedPacket> decode(List<Received> received) {
        List<DecodedPacket> decoded = new ArrayList<>(received.size());
        for (Received r : received) {
            decoded.add(new DecodedPacket(r.role(), r.packet().sequenceId(), fieldsOrRaw(r)));
        }
        return decoded;
    }

    /**
     * The packet's fields; a packet that does not parse as its role (the framing went wrong, typically because the
     * other side sent something the protocol does not allow there) is kept whole in hex, with the reason.
     */
    private List<DecodedPacket.Field> fieldsOrRaw(Received received) {
        try {
            return fields(received);
        } catch (RuntimeException malformed) {
            return new FieldList().add("undecodable", malformed.toString())
                    .add("hex", HexFormat.of().formatHex(received.packet().payload())).fields();
        }
    }

    private List<DecodedPacket.Field> fields(Received received) {
        byte[] payload = received.packet().payload();
        FieldList f = new FieldList();
        switch (received.role()) {
            case OK -> ok.decode(new PayloadReader(payload, 1), f);
            case ERR -> err(new PayloadReader(payload, 1), f);
            case EOF -> {
                PayloadReader p = new PayloadReader(payload, 1);
                if (p.remaining() >= 4) {
                    f.add("warnings", p.int2()).add("status", Capability.statusNames(p.int2()));
                }
                f.rest(p);
            }
            case COLUMN_COUNT -> {
                columns.clear();
                PayloadReader p = new PayloadReader(payload, 0);
                f.add("columns", p.lenenc()).rest(p);
            }
            case PREPARE_OK -> {
                columns.clear();
                PayloadReader p = new PayloadReader(payload, 1);
                f.add("statement_id", p.int4()).add("columns", p.int2()).add("parameters", p.int2())
                        .add("filler", p.int1());
                if (p.remaining() >= 2) {
                    f.add("warnings", p.int2());
                }
                f.rest(p);
            }
            case COLUMN_DEFINITION, PARAMETER_DEFINITION, FIELD_DEFINITION -> definition(received.role(),
                    new PayloadReader(payload, 0), f);
            case TEXT_ROW -> textRow(new PayloadReader(payload, 0), f);
            case BINARY_ROW -> BinaryRow.decode(new PayloadReader(payload, 1), names(), types(), f);
            case LOCAL_INFILE_REQUEST -> f.add("file", new PayloadReader(payload, 1).restString());
            case AUTH_SWITCH, AUTH_MORE_DATA -> f.add("data", HexFormat.of().formatHex(payload));
            case CLOSED, TIMEOUT -> { }
        }
        return f.fields();
    }

    private static void err(PayloadReader p, FieldList f) {
        f.add("code", p.int2());
        if (p.hasMore() && p.peek() == '#') {
            p.int1();
            f.add("sql_state", new String(p.bytes(5), java.nio.charset.StandardCharsets.US_ASCII));
        }
        f.add("message", p.restString());
    }

    private void definition(Role role, PayloadReader p, FieldList f) {
        f.add("catalog", p.lenencString()).add("schema", p.lenencString()).add("table", p.lenencString())
                .add("org_table", p.lenencString());
        String name = p.lenencString();
        f.add("name", name).add("org_name", p.lenencString()).add("fixed_length", p.lenenc())
                .add("charset", p.int2()).add("length", p.int4());
        int type = p.int1();
        f.add("type", ColumnType.name(type)).add("flags", String.format("0x%04x", p.int2()))
                .add("decimals", p.int1()).add("filler", String.format("0x%04x", p.int2()));
        if (role == Role.FIELD_DEFINITION && p.hasMore()) {
            f.add("default", p.lenencString());
        }
        f.rest(p);
        if (role == Role.COLUMN_DEFINITION) {
            columns.add(new Column(name, type));
        }
    }

    private void textRow(PayloadReader p, FieldList f) {
        for (Column column : columns) {
            if (!p.hasMore()) {
                break;
            }
            f.add("col:" + column.name(), p.lenencString());
        }
        f.rest(p);
    }

    private List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    private List<Integer> types() {
        return columns.stream().map(Column::type).toList();
    }
}
