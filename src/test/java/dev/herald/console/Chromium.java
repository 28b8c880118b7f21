package dev.herald.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's headless Chromium (Debian's chromium and chromium-driver) driven by Selenium, with a fresh
 * profile. Where it is not installed the browser tests are skipped, saying so; CI installs it.
 */
final class Chromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    private Chromium() {}

    static WebDriver start() {
        assumeTrue(Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER),
                "Browser tests skipped: Chromium is not installed (apt-get install -y chromium chromium-driver)");
        try {
            Path profile = Files.createTempDirectory("herald-chromium-");
            ChromeOptions options = new ChromeOptions()
                    .setBinary(BROWSER.toFile())
                    .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--no-first-run", "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=en");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
            WebDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            driver.manage().window().setSize(new Dimension(1280, 900));
            Files.createDirectories(SCREENSHOTS);
            return driver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves the whole page (not only the window) as target/screenshots/{name}.png, for people to look at. */
    static void screenshot(WebDriver driver, String name) {
        Dimension window = driver.manage().window().getSize();
        Number height = (Number) ((JavascriptExecutor) driver).executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        // The window's height includes the browser's own chrome; a little extra keeps the page's end in view.
        driver.manage().window().setSize(new Dimension(window.getWidth(),
                Math.min(6000, Math.max(window.getHeight(), height.intValue() + 140))));
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(window);
        }
    }
}
