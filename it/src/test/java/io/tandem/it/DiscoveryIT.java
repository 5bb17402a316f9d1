package io.tandem.it;

import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.discovery.DiscoveryResult;
import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.discovery.InstanceReport;
import io.tandem.topology.discovery.TopologyDiscovery;
import io.tandem.topology.discovery.TopologyProblem;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Discovery finds the whole sandbox topology from any single seed, even listed after an unreachable one. */
class DiscoveryIT {

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void findsPrimaryAndReplicasFromAnySeed(Flavor flavor) throws Exception {
        try (Sandbox sandbox = SandboxFixture.start(flavor, 2);
             InstanceConnections connections = SandboxFixture.orchestratorConnections()) {
            TopologyDiscovery discovery = SandboxFixture.discovery(connections);
            InstanceKey primary = sandbox.primary().layout().key();
            InstanceKey dead = new InstanceKey("127.0.0.1", sandbox.spec().basePort() + 9);

            for (InstanceKey seed : sandbox.keys()) {
                DiscoveryResult result = discovery.discover(List.of(dead, seed));

                assertThat(result.primary()).as("primary found from seed %s", seed).contains(primary);
                assertThat(result.instances().keySet()).containsExactlyInAnyOrderElementsOf(sandbox.keys());
                assertThat(result.unreachable()).containsOnlyKeys(dead);
                assertThat(result.unreachable().get(dead)).contains("Communications link failure", "Connection refused");
                assertThat(result.problems()).extracting(TopologyProblem::code)
                        .containsExactly(TopologyProblem.Code.UNREACHABLE);
                InstanceReport primaryReport = result.instances().get(primary);
                assertThat(primaryReport.instance().flavor()).isEqualTo(flavor);
                assertThat(primaryReport.instance().writable()).isTrue();
                assertThat(primaryReport.replication()).isEmpty();
                for (ServerProcess replica : sandbox.replicas()) {
                    InstanceReport report = result.instances().get(replica.layout().key());
                    ReplicaStatus replication = report.replication().orElseThrow();
                    assertThat(replication.source()).isEqualTo(primary);
                    assertThat(replication.replicating()).isTrue();
                    assertThat(replication.autoPosition()).isTrue();
                    assertThat(report.instance().readOnly()).isTrue();
                    assertThat(report.instance().serverId()).isEqualTo(replica.layout().serverId());
                    assertThat(primaryReport.instance().gtidExecuted().contains(report.instance().gtidExecuted()))
                            .as("primary has every transaction of %s", replica.layout().key()).isTrue();
                    assertThat(report.instance().gtidExecuted().isEmpty()).isFalse();
                }
            }
        }
    }
}
