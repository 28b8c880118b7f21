package dev.herald.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says, at start-up and in {@code /actuator/health} (component {@code publicBaseUrl}), when short links and
 * webhook URLs would point where nobody outside can reach them (see {@link PublicBaseUrl#notice}). The
 * component's status is then {@code WARNING}, which does not count towards the overall status: Herald works,
 * only its links do not leave this machine.
 */
// Health names a component after its bean, less the "HealthIndicator" suffix: publicBaseUrl.
@Component("publicBaseUrlHealthIndicator")
class PublicBaseUrlCheck implements HealthIndicator {

    /** A working Herald with links that only work locally. */
    static final String WARNING = "WARNING";

    private static final Logger log = LoggerFactory.getLogger(PublicBaseUrlCheck.class);

    private final PublicBaseUrl publicBaseUrl;

    PublicBaseUrlCheck(PublicBaseUrl publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        publicBaseUrl.notice().ifPresent(log::warn);
    }

    @Override
    public Health health() {
        return publicBaseUrl.notice()
                .map(notice -> Health.status(new Status(WARNING, notice)).build())
                .orElseGet(() -> Health.up().build());
    }
}
