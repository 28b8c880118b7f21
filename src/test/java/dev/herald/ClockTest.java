package dev.herald;

import dev.herald.event.RecordingSubscriber;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of the tests that move time forward, which share one Spring context of their own
 * ({@code herald.test.context=clock}): the application's clock is a {@link MutableClock}, the workflow engine polls
 * every 500 ms, and a {@link RecordingSubscriber} hears the stored events. Each class starts at real time, as it
 * would in a context of its own (the database's {@code now()} does not follow the clock, so time another class
 * moved on would skew what it compares); a clock one test moved stays moved for the next test of its class, so
 * these tests read the time from {@link #clock}, never from the system.
 */
@Import({MutableClockConfiguration.class, RecordingSubscriber.class})
// sign-up is on here for SignupTest, which needs the clock too (links expire)
@TestPropertySource(properties = {"herald.test.context=clock", "herald.workflows.poll-interval=500ms",
        "herald.signup.enabled=true", "herald.signup.mail-account=Herald platform mail"})
public abstract class ClockTest extends HeraldTest {

    @Autowired
    protected MutableClock clock;

    @BeforeAll
    static void startAtRealTime(@Autowired MutableClock clock) {
        clock.advance(clock.offset().negated());
    }
}
