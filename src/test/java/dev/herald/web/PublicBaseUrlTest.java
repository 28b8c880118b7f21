package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;

/**
 * While herald.public-base-url is unset or on a loopback host, Herald says so: at start-up, and in health as a
 * WARNING that leaves the overall status UP (the console's notice is in ConsoleBrowserTest).
 */
@ExtendWith(OutputCaptureExtension.class)
class PublicBaseUrlTest extends HeraldTest {

    @Test
    void healthWarnsWhileThePublicBaseUrlIsUnsetAndStaysUp() {
        ApiClient.Response health = anonymous().get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        JsonNode body = health.json();
        assertThat(body.get("status").asString()).isEqualTo("UP");
        assertThat(body.at("/components/publicBaseUrl/status").asString()).isEqualTo("WARNING");
        assertThat(body.at("/components/publicBaseUrl/description").asString())
                .contains("herald.public-base-url").contains("http://localhost:" + port);
    }

    @Test
    void theStartUpLogWarnsToo(CapturedOutput output) {
        PublicBaseUrl unset = url("");

        new PublicBaseUrlCheck(unset).ready(null);

        assertThat(output.getOut()).contains("WARN").contains("herald.public-base-url (HERALD_PUBLIC_BASE_URL) is not set");
    }

    @Test
    void loopbackAndMalformedAddressesGetANoticeAndPublicOnesNone() {
        for (String local : new String[] {"", "http://localhost:8080", "http://LOCALHOST", "http://127.0.0.1:8080/",
                "http://127.1.2.3", "http://[::1]:8080", "https://herald.localhost", "http://0.0.0.0:8080",
                "herald.example.com", "ftp://herald.example.com"}) {
            assertThat(url(local).notice()).as(local).isPresent();
        }
        for (String reachable : new String[] {"https://herald.example.com", "http://10.0.0.5:8080", "https://127.example.com"}) {
            assertThat(url(reachable).notice()).as(reachable).isEmpty();
            assertThat(new PublicBaseUrlCheck(url(reachable)).health().getStatus().getCode()).isEqualTo("UP");
        }
        assertThat(url("https://herald.example.com/").resolve("/l/abc")).isEqualTo("https://herald.example.com/l/abc");
    }

    private static PublicBaseUrl url(String configured) {
        return new PublicBaseUrl(configured, new MockEnvironment().withProperty("local.server.port", "8080"));
    }
}
