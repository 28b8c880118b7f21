package dev.herald.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
            "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:c0a8:0101::1"})
    void refused(String address) throws UnknownHostException {
        assertThat(BlockedAddresses.reason(InetAddress.getByName(address))).as(address).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "93.184.216.34", "8.8.8.8", "172.15.255.255", "172.32.0.1", "192.167.1.1", "100.63.255.255",
            "100.128.0.1", "169.253.1.1", "223.255.255.255", "2606:2800:220:1::1", "2001:4860:4860::8888",
            "64:ff9b::808:808", "2002:0808:0808::1"})
    void allowed(String address) throws UnknownHostException {
        assertThat(BlockedAddresses.reason(InetAddress.getByName(address))).as(address).isEmpty();
    }
}
