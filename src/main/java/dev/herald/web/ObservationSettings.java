package dev.herald.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * What the HTTP path observes. Every request is timed once ({@code http.server.requests}, by Spring MVC's
 * observation filter); Spring Security's own observations are off: they wrap each of the chain's filters, the
 * authentication and the authorization in an observation of their own, which took a sixth of the CPU of
 * single-message sends and fed no metric anyone reads (there is no tracing).
 */
@Configuration(proxyBeanMethods = false)
class ObservationSettings {

    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
