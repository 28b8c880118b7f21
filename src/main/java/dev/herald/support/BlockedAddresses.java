package dev.herald.support;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * Which IP addresses callbacks and provider connections must not reach unless the operator allows it: loopback, private (RFC 1918,
 * fc00::/7), link-local (169.254/16 with the cloud metadata service, fe80::/10), unspecified, multicast,
 * broadcast and reserved, and carrier-grade NAT (100.64/10). IPv6 forms that carry an IPv4 address
 * (mapped, compatible, NAT64, 6to4) are judged by that IPv4 address.
 */
public final class BlockedAddresses {

    private BlockedAddresses() {}

    /** Why {@code address} is refused, e.g. "a loopback address"; empty when it is a public address. */
    public static Optional<String> reason(InetAddress address) {
        return switch (address) {
            case Inet4Address v4 -> reason(v4.getAddress());
            case Inet6Address v6 -> reasonV6(v6.getAddress());
            default -> Optional.of("an address of unknown kind");
        };
    }

    private static Optional<String> reason(byte[] v4) {
        int a = v4[0] & 0xff;
        int b = v4[1] & 0xff;
        if (a == 0) {
            return Optional.of("an unspecified address (0.0.0.0/8)");
        }
        if (a == 127) {
            return Optional.of("a loopback address");
        }
        if (a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168)) {
            return Optional.of("a private address (RFC 1918)");
        }
        if (a == 169 && b == 254) {
            return Optional.of("a link-local address (169.254.0.0/16, incl. cloud metadata)");
        }
        if (a == 100 && (b & 0xc0) == 64) {
            return Optional.of("a carrier-grade NAT address (100.64.0.0/10)");
        }
        if (a >= 224 && a <= 239) {
            return Optional.of("a multicast address");
        }
        if (a >= 240) {
            return Optional.of("a reserved or broadcast address (240.0.0.0/4)");
        }
        return Optional.empty();
    }

    private static Optional<String> reasonV6(byte[] v6) {
        if (isZero(v6, 0, 16)) {
            return Optional.of("an unspecified address (::)");
        }
        if (isZero(v6, 0, 15) && v6[15] == 1) {
            return Optional.of("a loopback address");
        }
        int first = v6[0] & 0xff;
        int second = v6[1] & 0xff;
        if (first == 0xff) {
            return Optional.of("a multicast address");
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Optional.of("a link-local address (fe80::/10)");
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return Optional.of("a site-local address (fec0::/10)");
        }
        if ((first & 0xfe) == 0xfc) {
            return Optional.of("a private address (fc00::/7)");
        }
        return embeddedV4(v6).flatMap(BlockedAddresses::reason);
    }

    /** The IPv4 address an IPv6 address stands for, if it is one of the forms that tunnel or translate to IPv4. */
    private static Optional<byte[]> embeddedV4(byte[] v6) {
        boolean mapped = isZero(v6, 0, 10) && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff;
        boolean compatible = isZero(v6, 0, 12);
        boolean nat64 = (v6[0] & 0xff) == 0x00 && (v6[1] & 0xff) == 0x64 && (v6[2] & 0xff) == 0xff
                && (v6[3] & 0xff) == 0x9b && isZero(v6, 4, 12);
        if (mapped || compatible || nat64) {
            return Optional.of(Arrays.copyOfRange(v6, 12, 16));
        }
        boolean sixToFour = (v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x02;
        if (sixToFour) {
            return Optional.of(Arrays.copyOfRange(v6, 2, 6));
        }
        return Optional.empty();
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
