package io.tandem.sandbox;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortsTest {

    @Test
    void acceptsAFreePort() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }

        assertThatCode(() -> Ports.requireFree(port, "the sandbox's ZooKeeper", "--zk-port")).doesNotThrowAnyException();
    }

    @Test
    void rejectsAPortListenedOnByLoopbackNamingPortPurposeAndOption() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName(ServerLayout.HOST))) {
            int port = busy.getLocalPort();

            assertThatThrownBy(() -> Ports.requireFree(port, "server 2 of the sandbox", "--base-port"))
                    .isInstanceOf(SandboxException.class)
                    .hasMessage("port " + port + " (server 2 of the sandbox) is already in use: stop whatever listens"
                            + " there (ss -ltnp 'sport = :" + port + "') or choose other ports with --base-port");
        }
    }

    @Test
    void rejectsAPortListenedOnByEveryInterface() throws IOException {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(0));
            int port = busy.getLocalPort();

            assertThatThrownBy(() -> Ports.requireFree(port, "the sandbox's ZooKeeper", "--zk-port"))
                    .isInstanceOf(SandboxException.class)
                    .hasMessageContaining("port " + port + " (the sandbox's ZooKeeper)")
                    .hasMessageEndingWith("--zk-port");
        }
    }
}
