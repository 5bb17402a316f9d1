package io.tandem.proxy.backend;

import io.netty.channel.embedded.EmbeddedChannel;
import io.tandem.topology.instance.InstanceKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BackendChannelHandlerTest {

    private final List<InstanceKey> lost = new ArrayList<>();

    @Test
    void aConnectionTheServerEndsReportsTheServerLostOnce() {
        EmbeddedChannel channel = new EmbeddedChannel();
        EmbeddedBackend.connection(channel, 0, lost::add);

        channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        channel.close();

        assertThat(lost).containsExactly(EmbeddedBackend.SERVER);
    }

    @Test
    void aConnectionTheProxyClosesIsNoSignOfTrouble() {
        EmbeddedChannel channel = new EmbeddedChannel();
        BackendConnection connection = EmbeddedBackend.connection(channel, 0, lost::add);

        connection.close();

        assertThat(channel.isOpen()).isFalse();
        assertThat(lost).isEmpty();
    }
}
