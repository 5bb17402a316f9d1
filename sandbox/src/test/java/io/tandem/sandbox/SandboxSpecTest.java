package io.tandem.sandbox;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SandboxSpecTest {

    private static final Path DIR = Path.of("sb");

    @Test
    void defaultsMatchTheDesign() {
        SandboxSpec spec = SandboxSpec.defaults();

        assertThat(spec.flavor()).isEqualTo(Flavor.MYSQL);
        assertThat(spec.replicas()).isEqualTo(2);
        assertThat(spec.servers()).isEqualTo(3);
        assertThat(spec.basePort()).isEqualTo(23306);
        assertThat(spec.zooKeeperPort()).isEqualTo(22181);
        assertThat(spec.dir()).isEqualTo(Path.of(".tandem-sandbox"));
        assertThat(spec.cluster()).isEqualTo("sandbox");
    }

    @Test
    void acceptsTheReplicaCountBounds() {
        assertThat(spec(0, 23306, 22181).servers()).isEqualTo(1);
        assertThat(spec(SandboxSpec.MAX_REPLICAS, 23306, 22181).servers()).isEqualTo(SandboxSpec.MAX_REPLICAS + 1);
    }

    @Test
    void rejectsAReplicaCountOutsideItsRangeNamingTheOption() {
        assertThatIllegalArgumentException().isThrownBy(() -> spec(-1, 23306, 22181))
                .withMessage("--replicas must be between 0 and 9, got -1");
        assertThatIllegalArgumentException().isThrownBy(() -> spec(10, 23306, 22181))
                .withMessage("--replicas must be between 0 and 9, got 10");
    }

    @Test
    void rejectsABasePortBelow1024NamingTheOption() {
        assertThatIllegalArgumentException().isThrownBy(() -> spec(2, 1023, 22181))
                .withMessageStartingWith("--base-port 1023 ")
                .withMessageContaining("(use 1024-65533)");
    }

    @Test
    void needsRoomForEveryServerBelow65536() {
        assertThat(spec(2, 65533, 22181).basePort()).isEqualTo(65533);

        assertThatIllegalArgumentException().isThrownBy(() -> spec(2, 65534, 22181))
                .withMessage("--base-port 65534 leaves no room for 3 servers below 65536 (use 1024-65533)");
    }

    @Test
    void rejectsAZooKeeperPortOutsideTheUnprivilegedRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> spec(2, 23306, 1023))
                .withMessage("--zk-port must be between 1024 and 65535, got 1023");
        assertThatIllegalArgumentException().isThrownBy(() -> spec(2, 23306, 65536))
                .withMessage("--zk-port must be between 1024 and 65535, got 65536");
    }

    @Test
    void rejectsAZooKeeperPortAmongTheServerPorts() {
        assertThatIllegalArgumentException().isThrownBy(() -> spec(2, 23306, 23306))
                .withMessage("--zk-port 23306 collides with the server ports 23306-23308");
        assertThatIllegalArgumentException().isThrownBy(() -> spec(2, 23306, 23308))
                .withMessage("--zk-port 23308 collides with the server ports 23306-23308");
    }

    @Test
    void acceptsAZooKeeperPortJustOutsideTheServerPorts() {
        assertThat(spec(2, 23306, 23305).zooKeeperPort()).isEqualTo(23305);
        assertThat(spec(2, 23306, 23309).zooKeeperPort()).isEqualTo(23309);
    }

    private static SandboxSpec spec(int replicas, int basePort, int zooKeeperPort) {
        return new SandboxSpec(Flavor.MYSQL, replicas, DIR, basePort, zooKeeperPort, SandboxSpec.DEFAULT_CLUSTER);
    }
}
