package io.tandem.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks, before anything starts, that the ports a sandbox needs are free. */
final class Ports {

    private Ports() {
    }

    /** @throws SandboxException naming the port, what needs it and the option that moves it */
    static void requireFree(int port, String purpose, String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(ServerLayout.HOST, port));
        } catch (IOException e) {
            throw new SandboxException("port " + port + " (" + purpose + ") is already in use: stop whatever listens"
                    + " there (ss -ltnp 'sport = :" + port + "') or choose other ports with " + option);
        }
    }
}
