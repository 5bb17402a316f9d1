package io.tandem.proxy.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoop;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Which Netty transport the proxy's sockets use: native epoll on Linux when its library loads, else the JDK's NIO.
 * Epoll costs fewer syscalls and less Java per packet (no selected-key sets, no interest-update queue), which is
 * most of the proxy's per-query CPU. Client and backend channels of one event loop must share its transport.
 *
 * @see <a href="https://netty.io/wiki/native-transports.html">Netty native transports</a>
 */
public final class NettyTransport {

    /** {@code -Dtandem.proxy.transport=nio} forces NIO, e.g. to compare the two or to rule epoll out. */
    private static final boolean EPOLL = !"nio".equalsIgnoreCase(System.getProperty("tandem.proxy.transport"))
            && Epoll.isAvailable();

    private NettyTransport() {
    }

    /** "epoll" or "nio", for the start-up log. */
    public static String name() {
        return EPOLL ? "epoll" : "nio";
    }

    public static EventLoopGroup eventLoopGroup(int threads) {
        return EPOLL ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
    }

    public static Class<? extends ServerSocketChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The client socket type that can be registered with {@code loop}. */
    public static Class<? extends Channel> socketChannel(EventLoop loop) {
        return loop instanceof EpollEventLoop ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
