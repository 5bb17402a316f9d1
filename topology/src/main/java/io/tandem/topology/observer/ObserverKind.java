package io.tandem.topology.observer;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The two kinds of process that observe instances and publish what they see under {@code observers/<id>}. */
public enum ObserverKind {
    @JsonProperty("proxy") PROXY,
    @JsonProperty("orchestrator") ORCHESTRATOR
}
