package dev.herald.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium (Debian's chromium and chromium-driver) driven by Selenium, with a fresh
 * profile. Where it is not installed the browser tests are skipped, saying so; CI installs it.
 *
 * <p>Also the waits every browser test shares. A page that reloads or an htmx swap replaces elements between
 * finding one and reading it (a stale element, the browser tests' recurring flake in CI), so every wait here
 * looks the element up again until the condition holds, and a click that loads a page waits for the old page
 * to go before the next look.
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

    /** A wait that looks again when the element it was reading was replaced or is not there yet. */
    static WebDriverWait waitUpTo(WebDriver driver, Duration duration) {
        WebDriverWait wait = new WebDriverWait(driver, duration);
        wait.ignoring(StaleElementReferenceException.class);
        wait.ignoring(NoSuchElementException.class);
        return wait;
    }

    /** The element, once the page (or a shadow root) shows it, looked up again while it is being replaced. */
    static WebElement find(SearchContext context, String css) {
        return new FluentWait<>(context).withTimeout(Duration.ofSeconds(15)).pollingEvery(Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class)
                .until(c -> c.findElement(By.cssSelector(css)));
    }

    /** The element's text, read inside the wait, so a live refresh replacing it meanwhile is read again. */
    static String text(WebDriver driver, String css) {
        return waitUpTo(driver, Duration.ofSeconds(15)).until(d -> d.findElement(By.cssSelector(css)).getText());
    }

    /** Clicks and waits for the page (or the swapped fragment) it loads, so that the next look is at the new one. */
    static void submit(WebDriver driver, String css) {
        click(driver, find(driver, css));
    }

    /** Clicks the element and waits until it has left the page (the click loaded a new page or swapped it out). */
    static void click(WebDriver driver, WebElement element) {
        element.click();
        waitUpTo(driver, Duration.ofSeconds(15)).until(d -> gone(element));
    }

    /**
     * Whether the element left the page. Chromium reports an element of a page being replaced either as stale
     * or, mid-navigation, as a node that "does not belong to the document": both mean it is gone.
     */
    static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /**
     * Signs in on the console's form with a fresh session, and waits until the sign-in page is left (for the
     * dashboard, the accounts page or wherever the person wanted to go).
     */
    static void signIn(WebDriver driver, String base, String username, String password) {
        driver.manage().deleteAllCookies();
        driver.get(base + "/console/login");
        WebElement name = find(driver, "#username");
        name.clear();
        name.sendKeys(username);
        find(driver, "#password").sendKeys(password);
        submit(driver, "#sign-in");
        waitUpTo(driver, Duration.ofSeconds(15)).until(d -> !d.getCurrentUrl().contains("/console/login"));
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
