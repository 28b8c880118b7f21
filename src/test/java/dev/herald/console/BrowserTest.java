package dev.herald.console;

import dev.herald.HeraldTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.WebDriver;

/**
 * Base of the console tests in a real Chromium: one browser for the class, started before its first test (the
 * class is skipped where Chromium is not installed) and quit after its last. The waits and clicks are
 * {@link Chromium}'s, called with {@link #browser}.
 */
abstract class BrowserTest extends HeraldTest {

    protected static WebDriver browser;

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.start();
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    /** Herald's address, as the browser reaches it. */
    protected String base() {
        return "http://localhost:" + port;
    }

    /** Loads the console page at {@code path}. */
    protected void open(String path) {
        browser.get(base() + path);
    }
}
