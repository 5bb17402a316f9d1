package io.tandem.topology.request;

import io.tandem.topology.instance.InstanceKey;

import java.time.Instant;
import java.util.Objects;

/**
 * One operator request, as written to {@code /tandem/<cluster>/requests/req-NNNNNNNNNN} and executed by the leading
 * orchestrator only.
 *
 * @param instance the server it is about ({@link RequestType#MAINTENANCE}, the target of a
 *     {@link RequestType#SWITCHOVER} when one is named); null otherwise
 * @param enable on or off ({@link RequestType#MAINTENANCE}, {@link RequestType#AUTO_FAILOVER}); null otherwise
 * @param requestedBy who asked: the OS user and host of a CLI, or the console user
 */
public record Request(RequestType type, InstanceKey instance, Boolean enable, String requestedBy,
                      Instant requestedAt) {

    public Request {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (type == RequestType.MAINTENANCE && instance == null) {
            throw new IllegalArgumentException("a maintenance request names its instance");
        }
        if ((type == RequestType.MAINTENANCE || type == RequestType.AUTO_FAILOVER) && enable == null) {
            throw new IllegalArgumentException("a " + type + " request says on or off");
        }
    }

    /** E.g. {@code MAINTENANCE on db2:3306 by alice@ops1}. */
    public String describe() {
        return type + (enable == null ? "" : enable ? " on" : " off") + (instance == null ? "" : " " + instance)
                + " by " + requestedBy;
    }
}
