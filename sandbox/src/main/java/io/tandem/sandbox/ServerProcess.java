package io.tandem.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One running sandbox server: a data directory copied from the template and a mysqld or mariadbd child process.
 * It is only ever killed (SIGKILL): by a test, as a crash would, or by the sandbox, whose folder goes with it.
 */
public final class ServerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);

    private final ServerLayout layout;
    private final Process process;

    private ServerProcess(ServerLayout layout, Process process) {
        this.layout = layout;
        this.process = process;
    }

    /** Copies the template data directory and launches the server; {@link #awaitReady} waits for it. */
    static ServerProcess launch(ServerDistribution distribution, ServerLayout layout) throws IOException {
        Tree.copy(distribution.templateDataDir(), layout.dataDir(), Set.copyOf(distribution.identityFiles()));
        Process process = new ProcessBuilder(distribution.serverCommand(layout))
                .redirectErrorStream(true)
                .redirectOutput(layout.consoleLog().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(java.nio.file.Path.of("/dev/null").toFile()))
                .start();
        LOG.info("server {}: started pid {} on port {}", layout.index(), process.pid(), layout.port());
        return new ServerProcess(layout, process);
    }

    public ServerLayout layout() {
        return layout;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits until the server accepts root connections. @throws SandboxException quoting its error log */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new SandboxException("server " + layout.index() + " (port " + layout.port() + ") exited with code "
                        + process.exitValue() + " while starting; the end of its error log " + layout.errorLog()
                        + ":\n" + LogTail.of(layout.errorLog(), 15));
            }
            try (Connection ignored = rootConnection()) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("interrupted while waiting for server " + layout.index(), e);
            }
        }
        throw new SandboxException("server " + layout.index() + " (port " + layout.port() + ") did not accept"
                + " connections within " + timeout.toSeconds() + " s (last error: "
                + (last == null ? "none" : last.getMessage()) + "); the end of its error log " + layout.errorLog()
                + ":\n" + LogTail.of(layout.errorLog(), 15));
    }

    /** A new connection as the server's root account (empty password, as initialised). */
    public Connection rootConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://" + layout.key() + "/?user=root&password="
                + "&connectTimeout=2000&socketTimeout=60000&sslMode=DISABLED&allowPublicKeyRetrieval=true");
    }

    /** SIGKILL, as a crash would: no clean shutdown. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
