package io.tandem.it.conformance;

import java.util.ArrayList;
import java.util.List;

/** The fields of one {@link DecodedPacket} as a decoder reads them, in order. */
final class FieldList {

    private final List<DecodedPacket.Field> fields = new ArrayList<>();

    FieldList add(String name, Object value) {
        fields.add(new DecodedPacket.Field(name, value == null ? null : String.valueOf(value)));
        return this;
    }

    /** Whatever is left in {@code p}, in hex, if anything: nothing escapes the comparison. */
    FieldList rest(PayloadReader p) {
        return p.hasMore() ? add("rest", p.restHex()) : this;
    }

    List<DecodedPacket.Field> fields() {
        return List.copyOf(fields);
    }
}
