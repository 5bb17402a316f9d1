package io.tandem.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxDirectoryTest {

    @TempDir
    Path tmp;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void refusesToWipeAFolderThatIsNotASandbox() throws IOException {
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        Files.writeString(home.resolve("thesis.tex"), "years of work");

        assertThatThrownBy(() -> SandboxDirectory.claim(home))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("is not a sandbox folder")
                .hasMessageContaining("--dir");
        assertThat(home.resolve("thesis.tex")).hasContent("years of work");
    }

    @Test
    void claimsAnEmptyExistingFolder() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        assertThat(SandboxDirectory.claim(empty).root()).isEqualTo(empty);
    }

    @Test
    void claimsAFolderThatDoesNotExistYet() throws IOException {
        Path dir = tmp.resolve("a/.tandem-sandbox");

        SandboxDirectory directory = SandboxDirectory.claim(dir);

        assertThat(directory.root()).isEqualTo(dir);
        assertThat(dir.resolve("sandbox.pid")).hasContent(Long.toString(ProcessHandle.current().pid()));
        assertThat(directory.server(2)).isEqualTo(dir.resolve("server-2"));
        assertThat(directory.zooKeeper()).isEqualTo(dir.resolve("zookeeper"));
    }

    @Test
    void resolvesARelativeFolderAgainstTheWorkingDirectory() {
        Path relative = Path.of("").toAbsolutePath().relativize(tmp).resolve("x/../sb");

        SandboxDirectory directory = SandboxDirectory.claim(relative);

        assertThat(directory.root()).isAbsolute().isEqualTo(tmp.resolve("sb"));
    }

    @Test
    void wipesWhatAnEarlierRunLeftInTheFolder() throws IOException {
        Path dir = tmp.resolve("sb");
        Files.createDirectories(dir.resolve("server-1/data"));
        Files.writeString(dir.resolve("server-1/data/ibdata1"), "old data");
        // an earlier run always leaves its owner file; this pid is above any Linux pid_max
        Files.writeString(dir.resolve("sandbox.pid"), "2147483647");

        SandboxDirectory.claim(dir);

        assertThat(dir).isDirectoryContaining(p -> p.getFileName().toString().equals("sandbox.pid"));
        assertThat(dir.resolve("server-1")).doesNotExist();
    }

    @Test
    void refusesAFolderOwnedByAnotherLiveJavaProcess() throws Exception {
        Path dir = tmp.resolve("sb");
        Process owner = start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", testClasses(), IdleJava.class.getName()));
        Files.createDirectories(dir.resolve("server-1"));
        Files.writeString(dir.resolve("sandbox.pid"), Long.toString(owner.pid()));
        Files.writeString(dir.resolve("server-1/error.log"), "ready for connections");

        assertThatThrownBy(() -> SandboxDirectory.claim(dir))
                .isInstanceOf(SandboxException.class)
                .hasMessage("a sandbox is already running in " + dir + " (pid " + owner.pid() + "): stop it with"
                        + " Ctrl-C in its terminal or kill " + owner.pid() + ", or start this one with another --dir"
                        + " and other ports");
        assertThat(owner.isAlive()).isTrue();
        assertThat(dir.resolve("sandbox.pid")).hasContent(Long.toString(owner.pid()));
        assertThat(dir.resolve("server-1/error.log")).hasContent("ready for connections");
    }

    @Test
    void reclaimsAFolderItAlreadyOwns() throws IOException {
        Path dir = tmp.resolve("sb");
        SandboxDirectory.claim(dir);
        Files.createDirectories(dir.resolve("server-1"));

        SandboxDirectory.claim(dir);

        assertThat(dir.resolve("sandbox.pid")).hasContent(Long.toString(ProcessHandle.current().pid()));
        assertThat(dir.resolve("server-1")).doesNotExist();
    }

    @Test
    void killsTheServersOfAStaleSandboxAndWipesItsFolder() throws Exception {
        Path dir = tmp.resolve("sb");
        Files.createDirectories(dir.resolve("server-1"));
        Files.createDirectories(dir.resolve("server-2"));
        // a server process names its folder on its command line, as mysqld does with --datadir
        Process leftover = start(List.of("sh", "-c", "read line", dir.resolve("server-1/data").toString()));
        Process unrelated = start(List.of("sh", "-c", "read line", "unrelated"));
        Files.writeString(dir.resolve("server-1/server.pid"), Long.toString(leftover.pid()));
        Files.writeString(dir.resolve("server-2/server.pid"), Long.toString(unrelated.pid()) + "\n");
        Files.writeString(dir.resolve("sandbox.pid"), Long.toString(deadPid()));

        SandboxDirectory.claim(dir);

        assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(unrelated.isAlive()).isTrue();
        assertThat(dir.resolve("sandbox.pid")).hasContent(Long.toString(ProcessHandle.current().pid()));
        assertThat(dir.resolve("server-1")).doesNotExist();
        assertThat(dir.resolve("server-2")).doesNotExist();
    }

    @Test
    void leavesAloneTheServerOfAnotherSandboxWhoseFolderStartsWithTheSameName() throws Exception {
        Path dir = tmp.resolve("sb");
        Files.createDirectories(dir.resolve("server-1"));
        // pid reuse: the stale pid file now names a server of the sandbox in "sb-2"
        Process neighbour = start(List.of("sh", "-c", "read line", tmp.resolve("sb-2/server-1/data").toString()));
        Files.writeString(dir.resolve("server-1/server.pid"), Long.toString(neighbour.pid()));
        Files.writeString(dir.resolve("sandbox.pid"), Long.toString(deadPid()));

        SandboxDirectory.claim(dir);

        assertThat(neighbour.isAlive()).isTrue();
        assertThat(dir.resolve("server-1")).doesNotExist();
    }

    @Test
    void treatsALiveOwnerThatIsNotJavaAsAReusedPid() throws Exception {
        Path dir = tmp.resolve("sb");
        Process notASandbox = start(List.of("sh", "-c", "read line"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("sandbox.pid"), Long.toString(notASandbox.pid()));

        SandboxDirectory.claim(dir);

        assertThat(dir.resolve("sandbox.pid")).hasContent(Long.toString(ProcessHandle.current().pid()));
        assertThat(notASandbox.isAlive()).isTrue();
    }

    @Test
    void treatsAnUnreadableOwnerFileAsStale() throws IOException {
        Path dir = tmp.resolve("sb");
        Files.createDirectories(dir.resolve("server-1"));
        Files.writeString(dir.resolve("sandbox.pid"), "not a pid");
        Files.writeString(dir.resolve("server-1/server.pid"), "");

        SandboxDirectory.claim(dir);

        assertThat(dir.resolve("sandbox.pid")).hasContent(Long.toString(ProcessHandle.current().pid()));
        assertThat(dir.resolve("server-1")).doesNotExist();
    }

    @Test
    void releaseDeletesTheFolder() throws IOException {
        Path dir = tmp.resolve("sb");
        SandboxDirectory directory = SandboxDirectory.claim(dir);
        Files.createDirectories(directory.server(1).resolve("data"));

        directory.release();

        assertThat(dir).doesNotExist();
    }

    private Process start(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        children.add(process);
        return process;
    }

    /** The pid of a process that has exited. */
    private static long deadPid() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("true").start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return process.pid();
    }

    private static String testClasses() throws URISyntaxException {
        return Path.of(IdleJava.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** A Java process that idles until its stdin closes: the owner of a running sandbox, as far as pids go. */
    static final class IdleJava {
        public static void main(String[] args) throws IOException {
            while (System.in.read() >= 0) {
                // consume until end of input
            }
        }
    }
}
