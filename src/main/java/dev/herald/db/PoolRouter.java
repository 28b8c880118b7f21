package dev.herald.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.HeraldProperties;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives the delivery engine a pool of its own: the application's {@code dataSource} (the main pool, sized by
 * {@code spring.datasource.hikari.maximum-pool-size}) is wrapped so that work marked by {@link EnginePool}
 * gets its connections from a second pool of {@code herald.queue.engine-connections} + 2 connections (the
 * engine's transactions, plus its claims and reads), with the same database settings. API requests can hold
 * every connection of the main pool and the engine still has its own; the engine can never take the API's.
 */
@Configuration(proxyBeanMethods = false)
class PoolRouter {

    /** Engine work beyond its transactions: a claim, a heartbeat, a batch's read. */
    private static final int ENGINE_EXTRA = 2;
    /** Engine work may wait longer for a connection than a request: it has no client waiting on it. */
    private static final Duration ENGINE_CONNECTION_TIMEOUT = Duration.ofSeconds(30);

    static final String ENGINE_POOL = "engineDataSource";

    @Bean
    static BeanPostProcessor enginePoolRouting(BeanFactory beans) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!"dataSource".equals(name) || !(bean instanceof HikariDataSource main)) {
                    return bean;
                }
                return new Routing(main, () -> beans.getBean(ENGINE_POOL, HikariDataSource.class));
            }
        };
    }

    /**
     * The engine's pool, the main pool's database settings with its own size. Not a candidate for injection
     * (everything takes the routing {@code dataSource}); its metrics are the pool {@code <main pool>-engine}.
     */
    @Bean(name = ENGINE_POOL, destroyMethod = "close", autowireCandidate = false)
    HikariDataSource engineDataSource(DataSource dataSource, HeraldProperties properties) throws SQLException {
        HikariDataSource main = dataSource.unwrap(HikariDataSource.class);
        int size = properties.queue().engineConnections() + ENGINE_EXTRA;
        HikariConfig config = new HikariConfig();
        main.copyStateTo(config);
        config.setPoolName((main.getPoolName() == null ? "herald" : main.getPoolName()) + "-engine");
        config.setMaximumPoolSize(size);
        // A fixed size, like the main pool: the engine's first batch does not wait for connections to be opened.
        config.setMinimumIdle(size);
        config.setConnectionTimeout(Math.max(main.getConnectionTimeout(), ENGINE_CONNECTION_TIMEOUT.toMillis()));
        config.setMetricsTrackerFactory(null);
        config.setMetricRegistry(null);
        // Started at its first connection, like the main pool.
        HikariDataSource engine = new HikariDataSource();
        config.copyStateTo(engine);
        return engine;
    }

    /** The main pool, except for engine work. Wrapper lookups (metrics, health) see the main pool. */
    static final class Routing implements DataSource {

        private final HikariDataSource main;
        private final Supplier<HikariDataSource> enginePool;
        private volatile HikariDataSource engine;

        Routing(HikariDataSource main, Supplier<HikariDataSource> enginePool) {
            this.main = main;
            this.enginePool = enginePool;
        }

        private DataSource target() {
            if (!EnginePool.isEngineWork()) {
                return main;
            }
            HikariDataSource pool = engine;
            if (pool == null) {
                pool = enginePool.get();
                engine = pool;
            }
            return pool;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return target().getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return target().getConnection(username, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return main.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            main.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            main.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return main.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return main.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(main) ? type.cast(main) : main.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(main) || main.isWrapperFor(type);
        }
    }
}
