package dev.herald;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Puts a {@link MutableClock} in place of the application's clock. Tests extend {@link ClockTest}, which imports it,
 * and so share one Spring context (a clock override forks the context, so they should not each make their own);
 * {@link SecondNode} starts a second node with it.
 */
@TestConfiguration
public class MutableClockConfiguration {

    @Bean
    @Primary
    MutableClock testClock() {
        return new MutableClock();
    }
}
