package io.tandem.proxy.observer;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.probe.InstanceProbe;
import io.tandem.topology.probe.ProbeException;
import io.tandem.topology.probe.ProbeResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one probe call came back with: a result, or why there is none.
 *
 * @param result {@code null} when the probe failed
 * @param error {@code null} when the probe succeeded
 */
record ProbeOutcome(ProbeResult result, String error) {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeOutcome.class);

    /** Runs {@code probe} on the calling (probe) thread; never throws, so an instance never stays in flight. */
    static ProbeOutcome of(InstanceProbe probe, InstanceKey key) {
        try {
            return new ProbeOutcome(probe.probe(key), null);
        } catch (ProbeException e) {
            return new ProbeOutcome(null, e.getMessage());
        } catch (RuntimeException e) {
            // boundary: a probe bug becomes a failed probe, logged with its trace
            LOG.error("probe of {} failed unexpectedly", key, e);
            return new ProbeOutcome(null, "probe failed: " + e);
        }
    }

    static ProbeOutcome silent(InstanceKey key, long millis) {
        return new ProbeOutcome(null, key + " did not answer within " + millis + " ms");
    }
}
