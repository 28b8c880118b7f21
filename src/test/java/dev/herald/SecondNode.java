package dev.herald;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another Herald in the test's JVM on the test context's embedded PostgreSQL, for the tests of two nodes sharing
 * one database (for a node killed with SIGKILL, see {@link ChildNode}). Started with the test's {@link MutableClock},
 * it has a clock of its own, level with the test's; {@link #advance} moves both.
 */
public final class SecondNode implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final MutableClock testClock;

    private SecondNode(ConfigurableApplicationContext context, MutableClock testClock) {
        this.context = context;
        this.testClock = testClock;
        level();
    }

    /** Starts a node with the extra {@code --property=value} arguments. */
    public static SecondNode start(EmbeddedPostgres postgres, String... properties) {
        return new SecondNode(new SpringApplicationBuilder(HeraldApplication.class).run(arguments(postgres, properties)),
                null);
    }

    /** Starts a node whose clock starts level with {@code testClock}, with the extra {@code --property=value} arguments. */
    public static SecondNode start(EmbeddedPostgres postgres, MutableClock testClock, String... properties) {
        return new SecondNode(new SpringApplicationBuilder(HeraldApplication.class, MutableClockConfiguration.class)
                .run(arguments(postgres, properties)), testClock);
    }

    private static String[] arguments(EmbeddedPostgres postgres, String... properties) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--herald.demo.enabled=false"));
        arguments.addAll(List.of(properties));
        return arguments.toArray(String[]::new);
    }

    /** Sets this node's clock to the test's, which other tests of the context may have moved meanwhile. */
    public void level() {
        if (testClock != null) {
            MutableClock own = bean(MutableClock.class);
            own.advance(testClock.offset().minus(own.offset()));
        }
    }

    /** Moves the test's clock and this node's together. */
    public void advance(Duration by) {
        testClock.advance(by);
        bean(MutableClock.class).advance(by);
    }

    public String baseUrl() {
        return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    public ApiClient api(String token) {
        return new ApiClient(baseUrl(), token);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
