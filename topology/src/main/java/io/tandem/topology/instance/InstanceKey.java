package io.tandem.topology.instance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * The address that names a database server everywhere in Tandem: in views, journals, ZooKeeper paths and logs.
 * Written {@code host:port}; an IPv6 host is written in brackets, {@code [::1]:3306}.
 */
public record InstanceKey(String host, int port) implements Comparable<InstanceKey> {

    public InstanceKey {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("instance host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("instance port " + port + " is outside 1-65535");
        }
        host = host.toLowerCase(Locale.ROOT);
    }

    /** Parses {@code host:port}, {@code [v6]:port}, or a bare host with {@code defaultPort}. */
    public static InstanceKey parse(String text, int defaultPort) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("instance address is empty; expected HOST:PORT");
        }
        String s = text.strip();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' opens '[' without closing it; expected [IPV6]:PORT");
            }
            String host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("'" + text + "' has no ':' after ']'; expected [IPV6]:PORT");
            }
            if (rest.isEmpty() && defaultPort < 0) {
                throw new IllegalArgumentException("'" + text + "' has no port; expected [HOST]:PORT");
            }
            return new InstanceKey(host, rest.isEmpty() ? defaultPort : port(text, rest.substring(1)));
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            if (defaultPort < 0) {
                throw new IllegalArgumentException("'" + text + "' has no port; expected HOST:PORT");
            }
            return new InstanceKey(s, defaultPort);
        }
        if (s.indexOf(':') != colon) {
            throw new IllegalArgumentException("'" + text + "' has several ':'; write an IPv6 host as [HOST]:PORT");
        }
        return new InstanceKey(s.substring(0, colon), port(text, s.substring(colon + 1)));
    }

    /** Parses the JSON and CLI form, which always carries a port. */
    @JsonCreator
    public static InstanceKey parse(String text) {
        return parse(text, -1);
    }

    private static int port(String text, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no valid port; expected HOST:PORT", e);
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    @Override
    public int compareTo(InstanceKey o) {
        int c = host.compareTo(o.host);
        return c != 0 ? c : Integer.compare(port, o.port);
    }
}
