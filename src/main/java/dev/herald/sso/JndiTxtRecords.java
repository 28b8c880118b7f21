package dev.herald.sso;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * TXT records through the JDK's own DNS provider (JNDI, module {@code jdk.naming.dns}): the system's resolvers,
 * or {@code herald.sso.dns-server} ({@code host:port}) when set. Each query waits 2 s for UDP and tries twice more
 * (4 s, 8 s); a truncated answer is asked again over TCP.
 */
@Component
class JndiTxtRecords implements TxtRecords {

    private final String providerUrl;

    JndiTxtRecords(@Value("${herald.sso.dns-server:}") String server) {
        this.providerUrl = server == null || server.isBlank() ? "dns:" : "dns://" + server.strip();
    }

    @Override
    public List<String> of(String domain) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(javax.naming.Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(javax.naming.Context.PROVIDER_URL, providerUrl);
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "3");
        DirContext dns = null;
        try {
            dns = new InitialDirContext(env);
            Attribute txt = dns.getAttributes(domain, new String[] {"TXT"}).get("TXT");
            List<String> records = new ArrayList<>();
            if (txt != null) {
                NamingEnumeration<?> values = txt.getAll();
                while (values.hasMore()) {
                    records.add(text(String.valueOf(values.next())));
                }
            }
            return records;
        } catch (NameNotFoundException noSuchDomain) {
            return List.of();
        } catch (NamingException e) {
            throw new LookupFailed("DNS did not answer for " + domain + ": " + e.getClass().getSimpleName(), e);
        } finally {
            if (dns != null) {
                try {
                    dns.close();
                } catch (NamingException ignored) {
                    // nothing is held open between queries
                }
            }
        }
    }

    /**
     * JNDI gives a record's character-strings separated by spaces, each quoted when it holds a space itself; a
     * long record split by the zone's tooling is meant as their concatenation.
     */
    static String text(String jndi) {
        String value = jndi.strip();
        if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
            return value.substring(1, value.length() - 1).replace("\" \"", "");
        }
        return value;
    }
}
