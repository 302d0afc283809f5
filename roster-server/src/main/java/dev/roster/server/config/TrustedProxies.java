package dev.roster.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses of reverse proxies whose {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} Roster
 * believes ({@code --trusted-proxies}): IPv4 or IPv6 addresses and CIDR ranges, comma-separated, e.g.
 * {@code 127.0.0.1,10.0.0.0/8,::1}. Headers from any other client are ignored: anyone can send them, and
 * they decide the URLs Roster hands out (scimBaseUrl, Location, console links) and whether its cookies are
 * marked Secure.
 */
public final class TrustedProxies {
    private static final TrustedProxies NONE = new TrustedProxies(List.of(), "");

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;
    private final String text;

    private TrustedProxies(List<Range> ranges, String text) {
        this.ranges = ranges;
        this.text = text;
    }

    /** No proxy is trusted: forwarded headers are ignored (the default). */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * The proxies of a comma-separated list of literal addresses and CIDR ranges; null or blank is none.
     *
     * @throws IllegalArgumentException naming the entry that is not an address or a range
     */
    public static TrustedProxies parse(String list) {
        if (list == null || list.isBlank()) {
            return NONE;
        }
        List<Range> ranges = new ArrayList<>();
        for (String entry : list.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            byte[] address = literal(slash < 0 ? e : e.substring(0, slash), e);
            int prefix = address.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException x) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > address.length * 8) {
                    throw new IllegalArgumentException("--trusted-proxies: '" + e + "' has no valid prefix length");
                }
            }
            ranges.add(new Range(address, prefix));
        }
        return new TrustedProxies(List.copyOf(ranges), list.trim());
    }

    /** True when {@code remoteAddress} (the peer of the TCP connection, a literal address) is a trusted proxy. */
    public boolean trusts(String remoteAddress) {
        if (ranges.isEmpty() || remoteAddress == null || remoteAddress.isBlank()) {
            return false;
        }
        byte[] address;
        try {
            address = literal(remoteAddress, remoteAddress);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (Range r : ranges) {
            if (r.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Only literal addresses: a host name here would make every request wait for DNS. */
    private static byte[] literal(String s, String entry) {
        String a = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        boolean looksLiteral = a.indexOf(':') >= 0 || a.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        if (!looksLiteral || a.isEmpty()) {
            throw new IllegalArgumentException("--trusted-proxies: '" + entry + "' is not an IP address or CIDR range");
        }
        try {
            return InetAddress.getByName(a).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--trusted-proxies: '" + entry + "' is not an IP address or CIDR range");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
