package dev.herald.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a callback may not reach. */
class BlockedAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "127.0.0.1", "127.255.0.7", "10.0.0.1", "172.16.0.1", "172.31.255.254", "192.168.1.1",
            "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3",
            "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1",
            "::1", "::", "fe80::1", "febf::1", "fc00::1", "fd12:3456::1", "ff02::1", "fec0::1",
            "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:c0a8:0101::1",
            // The rest of the IANA special-purpose registries, one address per block (and its edges).
            "192.0.0.1", "192.0.0.9", "192.0.0.255", "192.0.2.1", "192.0.2.255", "192.88.99.1",
            "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.200", "100.64.0.0",
            "::ffff:192.0.2.1", "::ffff:c000:0201", "2002:c000:0201::1", "2002:c612:0001::1", "64:ff9b::c000:201",
            "64:ff9b:1::1", "100::1", "100:0:0:1::1", "2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "2001:2::1", "2001:10::1", "2001:1::1", "2001:1ff:ffff::1", "2001:db8::1", "2001:db8:ffff::1",
            "3fff::1", "3fff:fff::1", "5f00::1", "ff0e::1", "::2", "::0.0.1.1", "4000::1", "e000::1", "800::1"})
    void refused(String address) throws UnknownHostException {
        assertThat(BlockedAddresses.reason(InetAddress.getByName(address))).as(address).isPresent();
    }

    @Test
    void theReasonNamesTheBlock() throws UnknownHostException {
        assertThat(reason("192.0.2.10")).contains("documentation", "192.0.2.0/24");
        assertThat(reason("198.18.5.5")).contains("benchmarking");
        assertThat(reason("2001::5")).contains("Teredo");
        assertThat(reason("2001:db8::5")).contains("documentation");
        assertThat(reason("2002:c0a8:0101::1")).contains("6to4", "192.168.1.1", "private");
        assertThat(reason("64:ff9b::7f00:1")).contains("NAT64", "127.0.0.1", "loopback");
    }

    private static String reason(String address) throws UnknownHostException {
        return BlockedAddresses.reason(InetAddress.getByName(address)).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "93.184.216.34", "8.8.8.8", "172.15.255.255", "172.32.0.1", "192.167.1.1", "100.63.255.255",
            "100.128.0.1", "169.253.1.1", "223.255.255.255", "2606:2800:220:1::1", "2001:4860:4860::8888",
            "64:ff9b::808:808", "2002:0808:0808::1",
            // Just outside the special-use blocks.
            "192.0.1.255", "192.0.3.0", "198.17.255.255", "198.20.0.0", "198.51.99.255", "198.51.101.0",
            "203.0.112.255", "203.0.114.0", "192.88.98.255", "2001:200::1", "2001:db7:ffff::1", "2001:db9::1",
            "2003::1", "3ffe::1", "3fff:1000::1", "2a00:1450:4001::1"})
    void allowed(String address) throws UnknownHostException {
        assertThat(BlockedAddresses.reason(InetAddress.getByName(address))).as(address).isEmpty();
    }
}
