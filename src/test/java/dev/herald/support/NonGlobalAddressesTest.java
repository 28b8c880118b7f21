package dev.herald.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The SSRF guard as production runs it (private addresses refused), through the public API: a callbackUrl or a
 * provider connection that points at any address outside the global internet is a 400 naming the field, and a
 * public one is still accepted. Names resolve through {@link FakeDns}; accepted messages are scheduled two days
 * ahead, so no callback is ever attempted and nothing leaves the machine.
 */
@TestPropertySource(properties = {
        "herald.test.context=strict",
        "herald.callbacks.allow-private-addresses=false",
        "herald.providers.allow-private-addresses=false"})
@Import(FakeDns.class)
class NonGlobalAddressesTest extends HeraldTest {

    /** One address inside every block that must be refused (IANA special-purpose registries, multicast, ...). */
    private static final String[] REFUSED = {
            "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
            "192.0.0.8", "192.0.0.170", "192.0.2.10", "198.18.0.1", "198.19.255.254", "198.51.100.20",
            "203.0.113.5", "192.88.99.1", "224.0.0.251", "239.255.255.250", "240.0.0.1", "255.255.255.255",
            "[::1]", "[::]", "[fe80::1]", "[fc00::1]", "[fd12:3456::1]", "[fec0::1]", "[ff02::1]",
            "[2001:db8::1]", "[2001::1]", "[2001:0:4136:e378:8000:63bf:3fff:fdd2]", "[2001:2::1]", "[2001:10::1]",
            "[::ffff:192.0.2.1]", "[::ffff:127.0.0.1]", "[::ffff:10.0.0.1]", "[2002:c000:0201::1]",
            "[2002:0a00:0001::1]", "[64:ff9b::a9fe:a9fe]", "[64:ff9b::c000:0201]", "[64:ff9b:1::1]", "[100::1]",
            "[3fff::1]", "[5f00::1]", "[::127.0.0.1]", "[4000::1]"};

    @Test
    void aCallbackUrlAtAnyNonGlobalAddressIsRefusedAtIntake() {
        ApiClient api = newAccount();
        List<String> accepted = new ArrayList<>();
        for (String address : REFUSED) {
            ApiClient.Response response = api.post("/api/v1/messages", send("http://" + address + ":8080/cb"));
            if (response.status() != 400 || !response.text().contains("messages[0].callbackUrl")
                    || !response.text().contains("callbacks may only go to public addresses")) {
                accepted.add(address + " -> " + response.status() + " " + response.text());
            }
        }
        assertThat(accepted).isEmpty();
        assertThat(api.get("/api/v1/messages").json().get("count").asLong()).isZero();
    }

    @Test
    void aCallbackHostThatResolvesToANonGlobalAddressIsRefused() {
        FakeDns.answer("docs.herald.test", "192.0.2.7");
        FakeDns.answer("bench.herald.test", "93.184.216.34", "198.18.3.4");

        ApiClient api = newAccount();
        ApiClient.Response docs = api.post("/api/v1/messages", send("https://docs.herald.test/cb"));
        ApiClient.Response split = api.post("/api/v1/messages", send("https://bench.herald.test/cb"));

        assertThat(docs.status()).isEqualTo(400);
        assertThat(error(docs)).isEqualTo("docs.herald.test resolves to 192.0.2.7, a documentation address "
                + "(TEST-NET-1, 192.0.2.0/24, RFC 5737); callbacks may only go to public addresses");
        assertThat(split.status()).isEqualTo(400);
        assertThat(error(split)).contains("198.18.3.4", "benchmarking");
    }

    @Test
    void publicCallbackAddressesAreStillAccepted() {
        FakeDns.answer("hooks.herald.test", "93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946");
        FakeDns.answer("six.herald.test", "2a00:1450:4001:82b::200e");
        FakeDns.answer("nat64.herald.test", "64:ff9b::808:808");

        ApiClient api = newAccount();
        for (String url : List.of("https://hooks.herald.test/cb", "https://six.herald.test:8443/cb",
                "http://nat64.herald.test/cb")) {
            ApiClient.Response response = api.post("/api/v1/messages", send(url));
            assertThat(response.status()).as(url + ": " + response.text()).isEqualTo(201);
        }
    }

    /** Item 9: a resolver hiccup does not refuse a send; the name is judged again when the callback is sent. */
    @Test
    void aCallbackHostWhoseLookupFailsIsAcceptedAndOnlyThatIsCertainlyForbiddenIsRefused() {
        FakeDns.fail("flaky.herald.test");
        ApiClient api = newAccount();
        String body = "{\"messages\":[" + group("http://flaky.herald.test/cb") + "," + group("http://10.0.0.5/cb")
                + "," + group("http://flaky.herald.test:99999/cb") + "]}";

        ApiClient.Response refused = api.post("/api/v1/messages", body);

        assertThat(refused.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        refused.json().get("errors").forEach(e -> fields.add(e.get("field").asString() + ": " + e.get("message").asString()));
        assertThat(fields).containsExactly(
                "messages[1].callbackUrl: 10.0.0.5 is a private address (RFC 1918); callbacks may only go to public addresses",
                "messages[2].callbackUrl: port 99999 is outside 1-65535");

        ApiClient.Response accepted = api.post("/api/v1/messages", send("http://flaky.herald.test/cb"));
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "192.0.2.1", "198.51.100.1", "203.0.113.1", "198.18.0.1", "192.0.0.1",
            "100.64.0.1", "240.0.0.1", "224.0.0.1", "::1", "2001:db8::1", "2001::1", "::ffff:192.0.2.1",
            "2002:c000:0201::1", "64:ff9b::7f00:1", "fe80::1"})
    void aProviderConnectionOfAnyTypeReachingANonGlobalAddressIsRefused(String address) {
        ApiClient api = newAccount();
        String url = address.contains(":") ? "[" + address + "]" : address;
        List<String> missed = new ArrayList<>();
        int checked = 0;
        for (JsonNode type : api.get("/api/v1/providers/types").json()) {
            String channel = type.get("channels").get(0).asString();
            for (JsonNode field : type.get("settings")) {
                String name = field.get("name").asString();
                String value;
                if (name.equals("host")) {
                    value = address;
                } else if (name.endsWith("Url") || name.endsWith("Uri")) {
                    value = "https://" + url + ":8443/api";
                } else {
                    continue;
                }
                checked++;
                ApiClient.Response response = api.post("/api/v1/providers", ApiClient.json(java.util.Map.of(
                        "name", "c" + checked, "type", type.get("type").asString(), "channel", channel,
                        "settings", java.util.Map.of(name, value))));
                if (response.status() != 400 || !response.text().contains("settings." + name)
                        || !response.text().contains("may only reach public addresses")) {
                    missed.add(type.get("type").asString() + "." + name + " -> " + response.status() + " " + response.text());
                }
            }
        }
        assertThat(checked).as("host and URL settings across the provider types").isGreaterThanOrEqualTo(8);
        assertThat(missed).isEmpty();
    }

    @Test
    void aProviderConnectionAtAPublicAddressIsAccepted() {
        FakeDns.answer("gateway.herald.test", "93.184.216.34");
        ApiClient api = newAccount();

        ApiClient.Response response = api.post("/api/v1/providers", "{\"name\":\"pub\",\"type\":\"http\","
                + "\"channel\":\"sms\",\"settings\":{\"baseUrl\":\"https://gateway.herald.test/v1\"}}");

        assertThat(response.status()).as(response.text()).isEqualTo(201);
    }

    private static String error(ApiClient.Response response) {
        return response.json().get("errors").get(0).get("message").asString();
    }

    private static String send(String callbackUrl) {
        return "{\"messages\":[" + group(callbackUrl) + "]}";
    }

    private static String group(String callbackUrl) {
        // Two days ahead: the message stays DELAYED, so no status change and no callback during the test.
        String later = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2).toString();
        return "{\"sendAt\":\"" + later + "\",\"callbackUrl\":\"" + callbackUrl + "\","
                + "\"channels\":{\"sms\":{\"text\":\"hi\"}},\"destinations\":[{\"phone\":\"79001234567\"}]}";
    }
}
