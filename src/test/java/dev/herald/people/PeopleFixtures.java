package dev.herald.people;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads the links Herald e-mails to people out of the sandbox outbox, as the person would from their inbox. */
public final class PeopleFixtures {

    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");

    private PeopleFixtures() {}

    /** The token of the newest link of {@code path} (e.g. {@code /console/invitation}) e-mailed to {@code email}. */
    public static String linkToken(JdbcClient jdbc, UUID account, String email, String path) {
        String[] found = new String[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<String> texts = jdbc.sql("""
                            SELECT content->>'text' FROM sandbox_message
                            WHERE account_id = ? AND upper(channel) = 'EMAIL' AND lower(address) = ? ORDER BY created_at DESC""")
                    .params(account, email.toLowerCase())
                    .query(String.class).list();
            for (String text : texts) {
                int at = text == null ? -1 : text.indexOf(path + "?token=");
                if (at >= 0) {
                    Matcher m = TOKEN.matcher(text.substring(at));
                    if (m.find()) {
                        found[0] = m.group(1);
                        return true;
                    }
                }
            }
            return false;
        });
        return found[0];
    }
}
