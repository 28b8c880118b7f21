package dev.herald;

import dev.herald.auth.DemoAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells the person who just started Herald where to go and which token and demo password to use. */
@Component
class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final DemoAccount demo;

    StartupBanner(DemoAccount demo) {
        this.demo = demo;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        String base = "http://localhost";
        if (event.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null) {
            base += ":" + web.getWebServer().getPort();
        }
        String token = demo.token().orElse("(demo account disabled: herald.demo.enabled=false)");
        String signIn = demo.password().map(password -> DemoAccount.USERNAME + " / " + password)
                .orElse("(demo account disabled)");
        log.info("""

                ==== Herald is ready ====
                  API:          {}/api/v1
                  API docs:     {}/swagger-ui.html  (OpenAPI: {}/v3/api-docs)
                  Console:      {}/console  (sign in with the demo sign-in below)
                  Demo token:   {}
                  Demo sign-in: {}  (OAuth consent for partner apps: {}/login)
                  Try it:       curl -H 'Authorization: Bearer {}' {}/api/v1/sandbox/messages
                =========================""", base, base, base, base, token, signIn, base, token, base);
    }
}
