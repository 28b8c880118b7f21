package dev.herald.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.web.FieldProblem;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderAddressGuardTest {

    private final ProviderAddressGuard guard = new ProviderAddressGuard(false, InetAddress::getAllByName);

    @Test
    void hostsAndUrlsOnTheOperatorsNetworkAreRefused() {
        assertThat(guard.problems(Map.of("host", "127.0.0.1"))).extracting(FieldProblem::field).containsExactly("settings.host");
        assertThat(guard.problems(Map.of("baseUrl", "http://169.254.169.254/latest"))).hasSize(1);
        assertThat(guard.problems(Map.of("tokenUri", "https://10.1.2.3/token"))).hasSize(1);
        assertThat(guard.problems(Map.of("baseUrl", "http://[::1]:8080"))).hasSize(1);
    }

    @Test
    void publicAddressesAndOtherSettingsPass() {
        assertThat(guard.problems(Map.of("host", "8.8.8.8", "baseUrl", "https://1.1.1.1/v1", "systemId", "127.0.0.1")))
                .isEmpty();
    }

    @Test
    void aUrlSettingMustBeAnHttpUrl() {
        assertThat(guard.problems(Map.of("baseUrl", "file:///etc/passwd"))).singleElement()
                .extracting(FieldProblem::message).asString().contains("http(s) URL");
    }

    @Test
    void theOperatorMayAllowPrivateAddresses() {
        assertThat(new ProviderAddressGuard(true, InetAddress::getAllByName).problems(Map.of("host", "127.0.0.1"))).isEmpty();
    }
}
