package dev.herald;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.herald.auth.AccountId;
import dev.herald.auth.Accounts;
import dev.herald.auth.ApiTokens;
import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of the integration tests: one Herald on a random port with its own embedded PostgreSQL, shared by
 * every test class (same configuration, so Spring reuses the context). Each test makes its own account, so
 * tests never see each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "herald.sandbox.report-delay=50ms",
        "herald.queue.poll-interval=2s",
        "herald.queue.batch-size=10",
        "herald.api.max-body-size=1MB",
        "herald.demo.enabled=false",
        "herald.callbacks.allow-private-addresses=true",
        "herald.providers.allow-private-addresses=true",
        "herald.sso.allow-private-addresses=true",
        "herald.callbacks.initial-backoff=100ms",
        "herald.http-gateways.gw.channels=sms,viber",
        "herald.http-gateways.gw.api-key=gw-key",
        "herald.http-gateways.gw.webhook-secret=gw-secret",
        "herald.http-gateways.gw.timeout=2s",
        "herald.http-gateways.limited.channels=sms",
        "herald.rate-limits.limited.per-second=10",
        "herald.rate-limits.limited.per-recipient-interval=1s",
        // Short holds send most waiting messages back to the queue, where every node competes for them.
        "herald.rate-limits.limited.max-hold=200ms",
})
public abstract class HeraldTest {

    /** Each test context needs its own database directory; a class may name its context with {@code herald.test.context}. */
    private static final String DATA_DIR = "target/test-data/run-" + System.currentTimeMillis()
            + "/${herald.test.context:main}/postgres";

    /** Plays the HTTP gateways {@code gw} and {@code limited} (see application properties below). */
    protected static final WireMockServer GATEWAY = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static {
        GATEWAY.start();
        Runtime.getRuntime().addShutdownHook(new Thread(GATEWAY::stop));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("herald.embedded-db.data-dir", () -> DATA_DIR);
        registry.add("herald.http-gateways.gw.base-url", () -> GATEWAY.baseUrl() + "/gw");
        registry.add("herald.http-gateways.limited.base-url", () -> GATEWAY.baseUrl() + "/limited");
        // single sign-on's domain proofs ask a DNS server of the tests' own
        registry.add("herald.sso.dns-server", TestDns::address);
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected Accounts accounts;
    @Autowired
    protected ApiTokens tokens;
    @Autowired
    protected JdbcClient jdbc;

    /** A fresh account and a client holding its token. */
    protected ApiClient newAccount() {
        AccountId account = accounts.create("test-" + UUID.randomUUID(), ZoneId.of("UTC"));
        return new ApiClient("http://localhost:" + port, tokens.issue(account, "test").token());
    }

    protected ApiClient anonymous() {
        return new ApiClient("http://localhost:" + port, null);
    }

    protected static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50));
    }

    /** Waits until the message reaches {@code status} and returns it. */
    protected static JsonNode awaitStatus(ApiClient api, String messageId, String status) {
        eventually().until(() -> api.get("/api/v1/messages/" + messageId).json().path("status").asString(),
                s -> s.equals(status));
        return api.get("/api/v1/messages/" + messageId).json();
    }

    /** A one-group request body for the given channels JSON and destinations JSON. */
    protected static String group(String channels, String destinations) {
        return "{\"messages\":[{\"channels\":" + channels + ",\"destinations\":" + destinations + "}]}";
    }
}
