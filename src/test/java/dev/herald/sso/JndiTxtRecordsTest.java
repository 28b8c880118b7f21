package dev.herald.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.TestDns;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The JDK's DNS client against a real DNS server on loopback ({@link TestDns}): records, no domain, a failing server. */
class JndiTxtRecordsTest {

    private final JndiTxtRecords dns = new JndiTxtRecords(TestDns.address());

    @Test
    void readsEveryTxtRecordOfTheDomain() {
        String domain = "txt-" + UUID.randomUUID().toString().substring(0, 8) + ".example.net";
        TestDns.publish(domain, "herald-verification=abc123");
        TestDns.publish(domain, "v=spf1 include:_spf.example.net -all");

        assertThat(dns.of(domain.toUpperCase())).containsExactlyInAnyOrder("herald-verification=abc123",
                "v=spf1 include:_spf.example.net -all");
    }

    @Test
    void aDomainWithoutRecordsHasNoneAndAFailingServerIsAnError() {
        assertThat(dns.of("nothing-" + UUID.randomUUID().toString().substring(0, 8) + ".example.net")).isEmpty();
        String failing = "servfail-" + UUID.randomUUID().toString().substring(0, 8) + ".example.net";
        TestDns.fail(failing);
        assertThatThrownBy(() -> dns.of(failing)).isInstanceOf(TxtRecords.LookupFailed.class).hasMessageContaining(failing);
    }

    @Test
    void quotedCharacterStringsAreJoined() {
        assertThat(JndiTxtRecords.text("\"herald-verification=ab\" \"cd\"")).isEqualTo("herald-verification=abcd");
        assertThat(JndiTxtRecords.text("plain")).isEqualTo("plain");
    }
}
