package io.tandem.it.conformance;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a case's transcripts and applies every {@link MaskRule} that applies to the case to them, counting how
 * many packets each rule changed, so that the report can say which masks a case needed.
 */
final class TranscriptNormaliser {

    private final Map<MaskRule, Integer> applied = new EnumMap<>(MaskRule.class);
    private final boolean compressedCase;

    /** For a case whose client asks for the compressed protocol when {@code compressedCase}. */
    TranscriptNormaliser(boolean compressedCase) {
        this.compressedCase = compressedCase;
    }

    List<NormalisedExchange> normalise(Transcript transcript) {
        PacketDecoder decoder = new PacketDecoder(transcript.sessionTrack());
        List<NormalisedExchange> normalised = new ArrayList<>();
        for (Exchange exchange : transcript.exchanges()) {
            List<DecodedPacket> packets = decoder.decode(exchange.received());
            for (MaskRule rule : MaskRule.values()) {
                if (!rule.appliesTo(compressedCase)) {
                    continue;
                }
                List<DecodedPacket> masked = rule.apply(exchange.label(), packets);
                int changed = changedPackets(packets, masked);
                if (changed > 0) {
                    applied.merge(rule, changed, Integer::sum);
                }
                packets = masked;
            }
            normalised.add(new NormalisedExchange(exchange.label(), packets));
        }
        return normalised;
    }

    /** How many packets each rule changed in the transcripts normalised so far. */
    Map<MaskRule, Integer> applied() {
        return Map.copyOf(applied);
    }

    private static int changedPackets(List<DecodedPacket> before, List<DecodedPacket> after) {
        if (before.size() != after.size()) {
            return Math.max(1, before.size() - after.size());
        }
        int changed = 0;
        for (int i = 0; i < before.size(); i++) {
            changed += before.get(i).equals(after.get(i)) ? 0 : 1;
        }
        return changed;
    }
}
