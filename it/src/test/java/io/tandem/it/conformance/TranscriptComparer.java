package io.tandem.it.conformance;

import java.util.List;
import java.util.Optional;

/**
 * Compares two normalised transcripts packet by packet (every field, the sequence id included, so byte for byte
 * once masked) and names the first difference.
 */
final class TranscriptComparer {

    private static final int CONTEXT = 3;

    private TranscriptComparer() {
    }

    static Optional<Difference> firstDifference(List<NormalisedExchange> direct, List<NormalisedExchange> proxied) {
        for (int e = 0; e < Math.max(direct.size(), proxied.size()); e++) {
            NormalisedExchange d = e < direct.size() ? direct.get(e) : null;
            NormalisedExchange p = e < proxied.size() ? proxied.get(e) : null;
            String label = d != null ? d.label() : p.label();
            List<DecodedPacket> dp = d == null ? List.of() : d.packets();
            List<DecodedPacket> pp = p == null ? List.of() : p.packets();
            for (int i = 0; i < Math.max(dp.size(), pp.size()); i++) {
                DecodedPacket left = i < dp.size() ? dp.get(i) : null;
                DecodedPacket right = i < pp.size() ? pp.get(i) : null;
                if (left == null || !left.equals(right)) {
                    return Optional.of(new Difference(label, i, left, right,
                            dp.subList(Math.max(0, Math.min(i, dp.size()) - CONTEXT), Math.min(i, dp.size()))));
                }
            }
            if (d == null || p == null) {
                return Optional.of(new Difference(label, 0, null, null, List.of()));
            }
        }
        return Optional.empty();
    }
}
