package io.tandem.it;

import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.discovery.DiscoveryResult;
import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.discovery.TopologyProblem;
import io.tandem.topology.discovery.ViewAssembler;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.ReplicaStatus;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.MemberState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica with replication stopped is no longer registered with its source, so it is found through the seeds;
 * it is reported, shown STOPPED in the view, and does not stop the primary from being recognised.
 */
class StoppedReplicaDiscoveryIT {

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void reportsAStoppedReplica(Flavor flavor) throws Exception {
        try (Sandbox sandbox = SandboxFixture.start(flavor, 2);
             InstanceConnections connections = SandboxFixture.orchestratorConnections()) {
            ServerProcess stopped = sandbox.replicas().get(1);
            sandbox.stopReplication(stopped);

            DiscoveryResult result = SandboxFixture.discovery(connections).discover(sandbox.keys());

            assertThat(result.primary()).contains(sandbox.primary().layout().key());
            assertThat(result.instances()).hasSize(3);
            ReplicaStatus replication = result.instances().get(stopped.layout().key()).replication().orElseThrow();
            assertThat(replication.ioThread()).isEqualTo(ReplicaStatus.IoThread.STOPPED);
            assertThat(replication.sqlThreadRunning()).isFalse();
            assertThat(replication.secondsBehindSource()).isNull();
            assertThat(result.problems()).singleElement().satisfies(p -> {
                assertThat(p.code()).isEqualTo(TopologyProblem.Code.REPLICATION_STOPPED);
                assertThat(p.instance()).isEqualTo(stopped.layout().key());
            });

            ClusterView view = ViewAssembler.initial("it", 1, result, Instant.now());
            assertThat(view.member(stopped.layout().key()).orElseThrow().state()).isEqualTo(MemberState.STOPPED);
            assertThat(view.member(sandbox.replicas().get(0).layout().key()).orElseThrow().state())
                    .isEqualTo(MemberState.ONLINE);
        }
    }
}
