package io.tandem.proxy.backend;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.tandem.proxy.protocol.codec.MySQLFrame;

/**
 * The last handler of a backend channel: hands each packet to the connection's current {@link FrameSink}, and
 * tells it when the channel closes or fails.
 */
final class BackendChannelHandler extends ChannelInboundHandlerAdapter {

    private FrameSink sink;
    private boolean closedReported;

    BackendChannelHandler(FrameSink initial) {
        this.sink = initial;
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
            sink.onClosed(cause);
        }
    }
}
