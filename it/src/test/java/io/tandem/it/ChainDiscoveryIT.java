package io.tandem.it;

import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.discovery.DiscoveryResult;
import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.InstanceKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A replica of a replica: discovery from the primary alone follows the chain down, and from its end back up. */
class ChainDiscoveryIT {

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void followsAChainInBothDirections(Flavor flavor) throws Exception {
        try (Sandbox sandbox = SandboxFixture.start(flavor, 2);
             InstanceConnections connections = SandboxFixture.orchestratorConnections()) {
            ServerProcess middle = sandbox.replicas().get(0);
            ServerProcess end = sandbox.replicas().get(1);
            sandbox.replicate(end, middle);
            SandboxFixture.execute(sandbox.primary(), "CREATE DATABASE chain_check");
            sandbox.awaitReplicasCaughtUp();

            InstanceKey primary = sandbox.primary().layout().key();
            for (InstanceKey seed : List.of(primary, end.layout().key())) {
                DiscoveryResult result = SandboxFixture.discovery(connections).discover(List.of(seed));

                assertThat(result.primary()).as("from %s", seed).contains(primary);
                assertThat(result.instances().keySet()).containsExactlyInAnyOrderElementsOf(sandbox.keys());
                assertThat(result.problems()).isEmpty();
                assertThat(result.instances().get(end.layout().key()).replication().orElseThrow().source())
                        .isEqualTo(middle.layout().key());
                assertThat(result.instances().get(middle.layout().key()).replication().orElseThrow().source())
                        .isEqualTo(primary);
                assertThat(result.instances().get(middle.layout().key()).replicas()).contains(end.layout().key());
                // the primary may still list the re-pointed replica until its dump thread notices the disconnect:
                // discovery trusts each replica's own source, not its source's registry
                assertThat(result.instances().get(primary).replicas()).contains(middle.layout().key());
            }
        }
    }
}
