package io.tandem.proxy.auth;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's TLS identity towards clients (a PKCS12 keystore, self-signed for sandboxes) and its TLS settings
 * towards MySQL backends. Clients switch to TLS with an SSLRequest packet before the handshake response.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html#sect_protocol_connection_phase_initial_handshake_ssl_handshake">
 *     SSL Handshake</a>
 */
public final class TlsMaterial {

    public static final String KEYSTORE_FILE = "proxy-cert.p12";
    public static final String PASSWORD_FILE = "proxy-cert.p12.password";

    /** What MySQL 8.0 servers and Connector/J accept by default; older protocol versions are broken. */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final Logger LOG = LoggerFactory.getLogger(TlsMaterial.class);
    private static final Pattern SAFE_COMMON_NAME = Pattern.compile("[A-Za-z0-9 ._-]{1,64}");
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path keystore;
    private final X509Certificate certificate;
    private final SslContext serverContext;

    private TlsMaterial(Path keystore, X509Certificate certificate, SslContext serverContext) {
        this.keystore = keystore;
        this.certificate = certificate;
        this.serverContext = serverContext;
    }

    /**
     * The keystore {@value #KEYSTORE_FILE} in {@code dir}, created on first use with a self-signed RSA 2048
     * certificate valid ten years for 127.0.0.1 and localhost, and reused afterwards. Its generated password is
     * kept beside it in {@value #PASSWORD_FILE}, readable by the owner only.
     *
     * <p>The JDK's {@code keytool} makes the certificate: Java has no public API to create X.509 certificates
     * without BouncyCastle, and keytool ships with every JDK. It blocks for a second or two, so call this at
     * start-up, never on an event loop. Two processes must not create material in the same directory at once.
     */
    public static TlsMaterial selfSigned(Path dir, String commonName) {
        if (!SAFE_COMMON_NAME.matcher(commonName).matches()) {
            // keytool parses -dname as an X.500 name, where ',' '+' '=' and quotes would change its meaning.
            throw new IllegalArgumentException("certificate common name may hold only letters, digits, "
                    + "space, '.', '_' and '-' (at most 64): " + commonName);
        }
        Path keystore = dir.resolve(KEYSTORE_FILE);
        Path passwordFile = dir.resolve(PASSWORD_FILE);
        try {
            if (Files.exists(keystore)) {
                if (!Files.exists(passwordFile)) {
                    throw new IllegalStateException(keystore + " exists but its password file " + passwordFile
                            + " does not; delete the keystore to have a new one generated");
                }
                return fromPkcs12(keystore, readPassword(passwordFile));
            }
            Files.createDirectories(dir);
            writeOwnerOnly(passwordFile, newPassword());
            // keytool writes in place; generating aside and moving means a crash never leaves a half-written
            // keystore that the next start would try to reuse.
            Path partial = dir.resolve(KEYSTORE_FILE + ".partial");
            Files.deleteIfExists(partial);
            new Keytool(partial, passwordFile, commonName).run();
            restrictToOwner(partial);
            Files.move(partial, keystore, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Generated a self-signed TLS certificate CN={} in {}", commonName, keystore);
            return fromPkcs12(keystore, readPassword(passwordFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create TLS material in " + dir, e);
        }
    }

    /** An existing PKCS12 keystore holding the proxy's private key and certificate chain. */
    public static TlsMaterial fromPkcs12(Path file, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, password);
            }
            String alias = Collections.list(store.aliases()).stream()
                    .filter(name -> isKeyEntry(store, name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(file + " holds no private key entry"));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, password);
            SslContext server = SslContextBuilder.forServer(keyManagers)
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .build();
            return new TlsMaterial(file, (X509Certificate) store.getCertificate(alias), server);
        } catch (IOException e) {
            // Also what a wrong password looks like: KeyStore.load reports it as an IOException.
            throw new IllegalArgumentException("cannot open PKCS12 keystore " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable PKCS12 keystore " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * TLS towards MySQL servers. With {@code verify} the JDK's default trust store checks the chain and the
     * host name, so the handler must be made with {@code newHandler(alloc, host, port)}; without it any
     * certificate is accepted, which only suits sandboxes whose servers sign their own certificates.
     */
    public static SslContext backendContext(boolean verify) {
        // every statement and every row crosses this TLS: BoringSSL costs a fraction of the JDK's engine per record
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                .protocols(PROTOCOLS);
        if (verify) {
            builder.endpointIdentificationAlgorithm("HTTPS");
        } else {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the backend TLS context", e);
        }
    }

    /** The context for client connections that sent an SSLRequest; shared by all of them. */
    public SslContext serverContext() {
        return serverContext;
    }

    /** The proxy's own certificate, for logs and for tests and tools that pin it. */
    public X509Certificate certificate() {
        return certificate;
    }

    public Path keystore() {
        return keystore;
    }

    private static boolean isKeyEntry(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            // Only thrown for an unloaded keystore, and this one was just loaded.
            throw new IllegalStateException(e);
        }
    }

    private static String newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static char[] readPassword(Path passwordFile) throws IOException {
        return Files.readString(passwordFile, StandardCharsets.US_ASCII).strip().toCharArray();
    }

    private static void writeOwnerOnly(Path file, String secret) throws IOException {
        Files.deleteIfExists(file);
        if (isPosix()) {
            // Created with 0600 rather than chmod-ed afterwards, so the secret is never readable by others.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII);
    }

    /** The key inside is password-protected already; this only keeps others from trying. */
    private static void restrictToOwner(Path file) throws IOException {
        if (isPosix()) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** One run of {@code keytool -genkeypair}; the password goes by file so it never shows in a process list. */
    private record Keytool(Path keystore, Path passwordFile, String commonName) {

        void run() throws IOException {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            List<String> command = List.of(keytool.toString(), "-genkeypair",
                    "-alias", "tandem-proxy",
                    "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                    "-storetype", "PKCS12", "-keystore", keystore.toString(),
                    "-storepass:file", passwordFile.toString(), "-keypass:file", passwordFile.toString(),
                    "-dname", "CN=" + commonName,
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-noprompt");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            // Closed input: should keytool ever prompt, it fails at once instead of waiting for an answer.
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int exit = awaitExit(process);
            if (exit != 0 || !Files.exists(keystore)) {
                throw new IllegalStateException("keytool exited with " + exit + " creating " + keystore + ": "
                        + (output.isEmpty() ? "(no output)" : output));
            }
        }

        private static int awaitExit(Process process) {
            try {
                if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for keytool", e);
            }
        }
    }
}
