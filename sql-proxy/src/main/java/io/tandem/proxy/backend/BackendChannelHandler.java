package io.tandem.proxy.backend;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.topology.instance.InstanceKey;

import java.util.function.Consumer;

/**
 * The last handler of a backend channel: hands each packet to the connection's current {@link FrameSink}, and
 * tells it when the channel closes or fails. A close this proxy did not ask for (the server died, restarted or killed
 * the connection) is also reported as the server possibly lost, so that its health is probed at once.
 */
final class BackendChannelHandler extends ChannelInboundHandlerAdapter {

    private final InstanceKey server;
    private final Consumer<InstanceKey> serverLost;
    private FrameSink sink;
    private boolean closedReported;
    private boolean closingLocally;

    BackendChannelHandler(FrameSink initial, InstanceKey server, Consumer<InstanceKey> serverLost) {
        this.sink = initial;
        this.server = server;
        this.serverLost = serverLost;
    }

    /** The proxy itself closes this channel: its end is no sign of trouble at the server. */
    void closingLocally() {
        closingLocally = true;
    }

    /** The proxy gives up on this connection: its sink learns why now, before the channel is closed. */
    void abandon(Throwable cause) {
        closingLocally = true;
        reportClosed(cause);
    }

    void sink(FrameSink next) {
        this.sink = next;
    }

    FrameSink sink() {
        return sink;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        sink.onFrame((MySQLFrame) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        sink.onReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        reportClosed(null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        reportClosed(cause);
        ctx.close();
    }

    private void reportClosed(Throwable cause) {
        if (!closedReported) {
            closedReported = true;
            if (!closingLocally) {
                serverLost.accept(server);
            }
            sink.onClosed(cause);
        }
    }
}
