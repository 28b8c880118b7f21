package dev.herald.db;

import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The production jar and the container image carry no embedded PostgreSQL: without {@code HERALD_DB_URL} start-up
 * stops here with a message naming the setting, instead of Spring's generic "no DataSource url".
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
@ConditionalOnMissingClass(EmbeddedPostgresConfiguration.LIBRARY)
class NoDatabaseConfiguration {

    static final String MESSAGE = "No database configured: set HERALD_DB_URL (or spring.datasource.url) to a PostgreSQL"
            + " JDBC URL, with SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD. This build has no embedded"
            + " PostgreSQL; it is only started from a checkout (./mvnw spring-boot:run).";

    @Bean
    DataSource dataSource() {
        throw new IllegalStateException(MESSAGE);
    }
}
