package io.tandem.proxy.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {

    @TempDir
    static Path dir;
    private static TlsMaterial material;
    private static EventLoopGroup group;

    @BeforeAll
    static void createMaterial() {
        material = TlsMaterial.selfSigned(dir, "tandem-proxy");
        group = new DefaultEventLoopGroup(2);
    }

    @AfterAll
    static void stopLoops() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void createsTheKeystoreOnceAndReusesIt() throws Exception {
        Path keystore = dir.resolve(TlsMaterial.KEYSTORE_FILE);
        byte[] before = Files.readAllBytes(keystore);
        FileTime modified = Files.getLastModifiedTime(keystore);

        TlsMaterial again = TlsMaterial.selfSigned(dir, "tandem-proxy");

        assertThat(again.keystore()).isEqualTo(keystore);
        assertThat(again.certificate()).isEqualTo(material.certificate());
        assertThat(Files.readAllBytes(keystore)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(keystore)).isEqualTo(modified);
        assertThat(dir.resolve(TlsMaterial.KEYSTORE_FILE + ".partial")).doesNotExist();
    }

    @Test
    void certificateIsSelfSignedForLocalhostForTenYears() throws Exception {
        X509Certificate cert = material.certificate();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=tandem-proxy");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(cert.getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1))
                .containsExactlyInAnyOrder((Object) "127.0.0.1", "localhost");
        long days = TimeUnit.MILLISECONDS.toDays(cert.getNotAfter().getTime() - cert.getNotBefore().getTime());
        assertThat(days).isEqualTo(3650);
    }

    @Test
    void secretsAreReadableByTheOwnerOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(TlsMaterial.PASSWORD_FILE)))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(TlsMaterial.KEYSTORE_FILE)))).isEqualTo("rw-------");
    }

    @Test
    void opensTheKeystoreWithItsPasswordAndOnlyWithIt() throws Exception {
        char[] password = Files.readString(dir.resolve(TlsMaterial.PASSWORD_FILE), StandardCharsets.US_ASCII)
                .strip().toCharArray();
        Path keystore = dir.resolve(TlsMaterial.KEYSTORE_FILE);

        assertThat(TlsMaterial.fromPkcs12(keystore, password).certificate()).isEqualTo(material.certificate());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TlsMaterial.fromPkcs12(keystore, "wrong".toCharArray()))
                .withMessageContaining("cannot open PKCS12 keystore " + keystore);
    }

    @Test
    void rejectsACommonNameKeytoolWouldMisread(@TempDir Path other) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TlsMaterial.selfSigned(other, "proxy,O=evil"))
                .withMessageContaining("common name");
        assertThat(other.resolve(TlsMaterial.KEYSTORE_FILE)).doesNotExist();
    }

    @Test
    void clientTrustingTheCertificateCompletesAHandshake() throws Exception {
        SslContext client = SslContextBuilder.forClient().trustManager(material.certificate())
                .protocols(List.of("TLSv1.3")).build();
        Handshake result = handshake(client);
        assertThat(result.cause()).isNull();
        assertThat(result.protocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void serverAlsoSpeaksTls12() throws Exception {
        SslContext client = SslContextBuilder.forClient().trustManager(material.certificate())
                .protocols(List.of("TLSv1.2")).build();
        assertThat(handshake(client).protocol()).isEqualTo("TLSv1.2");
    }

    @Test
    void insecureBackendContextAcceptsTheSelfSignedServer() throws Exception {
        Handshake result = handshake(TlsMaterial.backendContext(false));
        assertThat(result.cause()).isNull();
        assertThat(result.protocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void verifyingBackendContextRefusesTheSelfSignedServer() throws Exception {
        Handshake result = handshake(TlsMaterial.backendContext(true));
        assertThat(result.cause()).isInstanceOf(SSLHandshakeException.class);
        assertThat(result.protocol()).isNull();
    }

    /** The client's view of one handshake: the failure, or the negotiated protocol. */
    private record Handshake(Throwable cause, String protocol) {
    }

    /** Runs one handshake over Netty's in-JVM transport and closes both ends. */
    private Handshake handshake(SslContext clientContext) throws InterruptedException {
        LocalAddress address = new LocalAddress("tls-" + UUID.randomUUID());
        Channel server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel channel) {
                        channel.pipeline().addLast(material.serverContext().newHandler(channel.alloc()),
                                new ClosingOnError());
                    }
                })
                .bind(address).sync().channel();
        Channel client = null;
        try {
            SslHandler ssl = clientContext.newHandler(ByteBufAllocator.DEFAULT, "localhost", 3306);
            client = new Bootstrap().group(group).channel(LocalChannel.class)
                    .handler(new ChannelInitializer<LocalChannel>() {
                        @Override
                        protected void initChannel(LocalChannel channel) {
                            channel.pipeline().addLast(ssl, new ClosingOnError());
                        }
                    })
                    .connect(address).sync().channel();
            Future<Channel> done = ssl.handshakeFuture();
            assertThat(done.await(10, TimeUnit.SECONDS)).as("handshake finished in time").isTrue();
            return done.isSuccess()
                    ? new Handshake(null, ssl.engine().getSession().getProtocol())
                    : new Handshake(done.cause(), null);
        } finally {
            if (client != null) {
                client.close().sync();
            }
            server.close().sync();
        }
    }

    /** A refused handshake is what some tests expect: the handshake future reports it, so only close here. */
    private static final class ClosingOnError extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
