package io.tandem.failover.recovery;

import io.tandem.topology.instance.InstanceKey;

import java.time.Duration;
import java.util.List;

/**
 * The optional "shoot the other node in the head" command: run with the old primary as JSON on stdin
 * ({@code {"cluster":…,"oldPrimary":"host:port","epoch":N}}); a non-zero exit or a timeout fails it.
 */
final class StonithHook {

    private final Hook hook;

    StonithHook(List<String> command, Duration timeout) {
        this.hook = new Hook("STONITH", command, timeout);
    }

    boolean configured() {
        return hook.configured();
    }

    /** @return null when the hook succeeded, else why it failed */
    String run(String cluster, InstanceKey oldPrimary, long epoch) {
        // this order and a numeric epoch are the hook's published contract ({"cluster":…,"oldPrimary":…,"epoch":N})
        java.util.Map<String, Object> context = new java.util.LinkedHashMap<>();
        context.put("cluster", cluster);
        context.put("oldPrimary", oldPrimary.toString());
        context.put("epoch", epoch);
        return hook.run(context);
    }
}
