package dev.herald.support;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The one classifier of which IP addresses Herald's outbound connections (callbacks, every provider type, Web
 * Push endpoints) must not reach unless the operator allows it: every address that is not globally reachable
 * per the IANA IPv4 and IPv6 Special-Purpose Address Registries (loopback, private, shared/CGNAT, link-local,
 * documentation, benchmarking, IETF protocol assignments, Teredo, ORCHID, discard-only, reserved, ...), plus
 * multicast and broadcast, and every IPv6 address outside the global unicast space 2000::/3. IPv6 forms that
 * carry an IPv4 address (IPv4-mapped, NAT64 64:ff9b::/96, 6to4) are judged by that IPv4 address.
 *
 * <p>A table rather than a library: the IP libraries on Maven Central (e.g. seancfoley's IPAddress) classify
 * loopback, link-local, site-local and the like, but not the documentation, benchmarking and protocol
 * assignment blocks of the registries. Where a registry block has a few globally reachable exceptions (the
 * PCP and TURN anycast addresses in 192.0.0.0/24 and 2001::/23, AMT, AS112), the whole block is refused: no
 * callback receiver or provider lives there, and a smaller table is easier to check.
 */
public final class BlockedAddresses {

    /** One registry entry: a prefix and what a refused address inside it is. */
    private record Range(byte[] prefix, int bits, String what) {

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }

    /** Most specific first where ranges nest, so the reason names the smaller block. */
    private static final List<Range> V4 = List.of(
            range("0.0.0.0/8", "an unspecified address (0.0.0.0/8, \"this network\")"),
            range("10.0.0.0/8", "a private address (RFC 1918)"),
            range("100.64.0.0/10", "a carrier-grade NAT address (100.64.0.0/10, RFC 6598)"),
            range("127.0.0.0/8", "a loopback address"),
            range("169.254.0.0/16", "a link-local address (169.254.0.0/16, incl. cloud metadata)"),
            range("172.16.0.0/12", "a private address (RFC 1918)"),
            range("192.0.0.0/24", "an IETF protocol assignment address (192.0.0.0/24, RFC 6890)"),
            range("192.0.2.0/24", "a documentation address (TEST-NET-1, 192.0.2.0/24, RFC 5737)"),
            range("192.88.99.0/24", "a deprecated 6to4 relay anycast address (192.88.99.0/24, RFC 7526)"),
            range("192.168.0.0/16", "a private address (RFC 1918)"),
            range("198.18.0.0/15", "a benchmarking address (198.18.0.0/15, RFC 2544)"),
            range("198.51.100.0/24", "a documentation address (TEST-NET-2, 198.51.100.0/24, RFC 5737)"),
            range("203.0.113.0/24", "a documentation address (TEST-NET-3, 203.0.113.0/24, RFC 5737)"),
            range("224.0.0.0/4", "a multicast address"),
            range("255.255.255.255/32", "the limited broadcast address"),
            range("240.0.0.0/4", "a reserved address (240.0.0.0/4, RFC 1112)"));

    private static final List<Range> V6 = List.of(
            range("::/128", "an unspecified address (::)"),
            range("::1/128", "a loopback address"),
            range("::/96", "a deprecated IPv4-compatible address (::/96, RFC 4291)"),
            range("64:ff9b:1::/48", "a local-use IPv4/IPv6 translation address (64:ff9b:1::/48, RFC 8215)"),
            range("100::/64", "a discard-only address (100::/64, RFC 6666)"),
            range("100:0:0:1::/64", "a dummy address (100:0:0:1::/64, RFC 9780)"),
            range("2001::/32", "a Teredo address (2001::/32, RFC 4380)"),
            range("2001:2::/48", "a benchmarking address (2001:2::/48, RFC 5180)"),
            range("2001:10::/28", "a deprecated ORCHID address (2001:10::/28, RFC 4843)"),
            range("2001::/23", "an IETF protocol assignment address (2001::/23, RFC 2928)"),
            range("2001:db8::/32", "a documentation address (2001:db8::/32, RFC 3849)"),
            range("3fff::/20", "a documentation address (3fff::/20, RFC 9637)"),
            range("5f00::/16", "an SRv6 segment identifier (5f00::/16, RFC 9602)"),
            range("fc00::/7", "a private address (unique local, fc00::/7)"),
            range("fe80::/10", "a link-local address (fe80::/10)"),
            range("fec0::/10", "a site-local address (fec0::/10)"),
            range("ff00::/8", "a multicast address"));

    private static final Range GLOBAL_UNICAST_V6 = range("2000::/3", "global unicast");
    private static final Range MAPPED = range("::ffff:0:0/96", "an IPv4-mapped address");
    private static final Range NAT64 = range("64:ff9b::/96", "a NAT64 address (64:ff9b::/96)");
    private static final Range SIX_TO_FOUR = range("2002::/16", "a 6to4 address (2002::/16)");

    private BlockedAddresses() {}

    /** Why {@code address} is refused, e.g. "a loopback address"; empty when it is a public address. */
    public static Optional<String> reason(InetAddress address) {
        return switch (address) {
            case Inet4Address v4 -> reasonV4(v4.getAddress());
            case Inet6Address v6 -> reasonV6(v6.getAddress());
            default -> Optional.of("an address of unknown kind");
        };
    }

    private static Optional<String> reasonV4(byte[] v4) {
        return V4.stream().filter(r -> r.contains(v4)).findFirst().map(Range::what);
    }

    private static Optional<String> reasonV6(byte[] v6) {
        // The JDK turns ::ffff:a.b.c.d into an Inet4Address; raw bytes may still carry one.
        if (MAPPED.contains(v6)) {
            return reasonV4(Arrays.copyOfRange(v6, 12, 16));
        }
        if (NAT64.contains(v6)) {
            return embedded(NAT64, Arrays.copyOfRange(v6, 12, 16));
        }
        if (SIX_TO_FOUR.contains(v6)) {
            return embedded(SIX_TO_FOUR, Arrays.copyOfRange(v6, 2, 6));
        }
        Optional<String> special = V6.stream().filter(r -> r.contains(v6)).findFirst().map(Range::what);
        if (special.isPresent() || GLOBAL_UNICAST_V6.contains(v6)) {
            return special;
        }
        return Optional.of("an address outside the IPv6 global unicast space 2000::/3");
    }

    private static Optional<String> embedded(Range form, byte[] v4) {
        return reasonV4(v4).map(why -> form.what() + " of " + text(v4) + ", " + why);
    }

    private static String text(byte[] v4) {
        return (v4[0] & 0xff) + "." + (v4[1] & 0xff) + "." + (v4[2] & 0xff) + "." + (v4[3] & 0xff);
    }

    private static Range range(String cidr, String what) {
        int slash = cidr.indexOf('/');
        try {
            // Literals only: getByName does no lookup for them.
            byte[] prefix = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            if (cidr.contains(":") && prefix.length == 4) {
                // ::ffff:0:0 comes back as an IPv4 address; the table wants its IPv6 bytes.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(prefix, 0, mapped, 12, 4);
                prefix = mapped;
            }
            return new Range(prefix, Integer.parseInt(cidr.substring(slash + 1)), what);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr, e);
        }
    }
}
