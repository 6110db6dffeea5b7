package io.taskgate.hawk;

import java.util.Locale;

/**
 * The parts of an HTTP request that a Hawk MAC covers: method, resource (the raw request target,
 * path and query still percent-encoded), host and port, as the client saw them.
 */
public record HawkRequest(String method, String resource, String host, int port) {

    /**
     * Takes host and port as a server behind a proxy must: the host from {@code Host}; the port from
     * {@code Host}, then {@code X-Forwarded-Port}, then the scheme's default (443 when
     * {@code X-Forwarded-Proto} is https, or when the connection itself is TLS; else 80).
     *
     * @throws HawkException ({@code Bad Request: Invalid Host header}) for a missing or malformed Host
     */
    public static HawkRequest fromHeaders(String method, String resource, String hostHeader, String forwardedPort,
            String forwardedProto, boolean tls) throws HawkException {
        if (hostHeader == null) {
            throw HawkException.badRequest("Invalid Host header");
        }
        String h = hostHeader.trim();
        String name;
        String port = null;
        if (h.startsWith("[")) { // IPv6 literal
            int close = h.indexOf(']');
            if (close < 0) {
                throw HawkException.badRequest("Invalid Host header");
            }
            name = h.substring(0, close + 1);
            String rest = h.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw HawkException.badRequest("Invalid Host header");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = h.indexOf(':');
            name = colon < 0 ? h : h.substring(0, colon);
            port = colon < 0 ? null : h.substring(colon + 1);
        }
        if (name.isEmpty() || (port != null && !isPort(port))) {
            throw HawkException.badRequest("Invalid Host header");
        }
        int p;
        if (port != null) {
            p = Integer.parseInt(port);
        } else if (forwardedPort != null && isPort(forwardedPort.trim())) {
            p = Integer.parseInt(forwardedPort.trim());
        } else if (forwardedProto != null) {
            p = forwardedProto.trim().toLowerCase(Locale.ROOT).startsWith("https") ? 443 : 80;
        } else {
            p = tls ? 443 : 80;
        }
        return new HawkRequest(method, resource, name, p);
    }

    /** One to five digits: what a port can be written as. */
    private static boolean isPort(String s) {
        if (s.isEmpty() || s.length() > 5) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
