package dev.herald.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The slim jar (no embedded PostgreSQL library) refuses to start without a database URL, saying which to set. */
class NoDatabaseConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(EmbeddedPostgresConfiguration.class, NoDatabaseConfiguration.class);

    @Test
    void withoutTheLibraryAndWithoutAUrlStartUpFailsNamingHeraldDbUrl() {
        runner.withClassLoader(new FilteredClassLoader(EmbeddedPostgres.class)).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("HERALD_DB_URL");
        });
    }

    @Test
    void withAUrlNeitherStepsIn() {
        runner.withClassLoader(new FilteredClassLoader(EmbeddedPostgres.class))
                .withPropertyValues("spring.datasource.url=jdbc:postgresql://db.example.com/herald")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DataSource.class));
        runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://db.example.com/herald")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DataSource.class));
    }
}
