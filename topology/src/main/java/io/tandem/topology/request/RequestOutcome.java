package io.tandem.topology.request;

import java.time.Instant;

/**
 * How the leading orchestrator answered a request.
 *
 * @param done true when it did what was asked (or it was so already); false when it refused
 * @param message what it did, or why it refused, in words for the person who asked
 * @param by the orchestrator that answered
 * @param detail a machine-readable answer (a dry-run's plan, as JSON), or null
 */
public record RequestOutcome(boolean done, String message, String by, Instant at, String detail) {

    public RequestOutcome(boolean done, String message, String by, Instant at) {
        this(done, message, by, at, null);
    }
}
