package dev.herald.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.herald.HeraldProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a PostgreSQL 17 owned by this process when no external database is configured
 * ({@code spring.datasource.url} / {@code HERALD_DB_URL} blank). Its data directory persists across restarts.
 * Only from a checkout ({@code ./mvnw spring-boot:run}, the tests): the production jar and image leave the library
 * out, and {@link NoDatabaseConfiguration} then says so.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
@ConditionalOnClass(name = EmbeddedPostgresConfiguration.LIBRARY)
class EmbeddedPostgresConfiguration {

    static final String LIBRARY = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(HeraldProperties properties) throws IOException {
        Path dataDir = Path.of(properties.embeddedDb().dataDir()).toAbsolutePath();
        Files.createDirectories(dataDir);
        LeftoverPostgres.stopIfRunning(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // Spring closes it after the workers have handed their jobs back; the library's own JVM hook
                // would stop it at the same time, leaving those last writes waiting for a dead database.
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "200")
                // Accepted messages must survive a crash: the library's default (off) only suits throwaway
                // databases. The delivery engine relaxes it per transaction where a loss only means a resend.
                .setServerConfig("synchronous_commit", "on");
        if (properties.embeddedDb().port() > 0) {
            builder.setPort(properties.embeddedDb().port());
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), dataDir);
        return postgres;
    }

    /**
     * Also takes {@code spring.datasource.hikari.*} (pool size, timeouts), like an external database's pool; the
     * pool starts at the first connection, after those are bound.
     */
    @Bean(destroyMethod = "close")
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setMaximumPoolSize(20);
        dataSource.setPoolName("herald-embedded");
        // Batched inserts of an intake (flows, messages, events, jobs) become multi-row inserts.
        dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
        return dataSource;
    }
}
