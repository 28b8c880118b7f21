package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.TotpCodes;
import dev.herald.auth.AccountId;
import dev.herald.auth.Role;
import dev.herald.auth.Users;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * In Chromium: a person enrols an authenticator app by its QR code (Chromium draws the SVG, ZXing reads the
 * screenshot back as the otpauth:// link, and the code computed here from that link's secret turns two-factor
 * sign-in on), then signs in with a code; a developer creates an API token limited to chosen scopes (the full
 * one is not offered to them), sees them in the list, and the token works over HTTP for those only.
 */
class AccountSecurityBrowserTest extends HeraldTest {

    private static final String PASSWORD = "security browser pass";
    private static final Pattern SECRET = Pattern.compile("[?&]secret=([A-Z2-7]+)");

    private static WebDriver browser;

    @Autowired
    Users users;

    @BeforeAll
    static void openBrowser() {
        browser = Chromium.start();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aPersonEnrolsByTheQrCodeAndSignsInWithACode() throws Exception {
        String username = person(Role.OWNER);
        TotpCodes.awaitFreshStep();
        Chromium.signIn(browser, base(), username, PASSWORD);
        browser.get(base() + "/console/security");
        Chromium.submit(browser, "#start");

        String link = Chromium.find(browser, "#otpauth").getAttribute("href");
        String decoded = decode(Chromium.find(browser, "#otpauth-qr svg"));
        assertThat(decoded).as("the QR code as Chromium draws it").isEqualTo(link)
                .startsWith("otpauth://totp/Herald%3A" + username + "?secret=");
        Chromium.screenshot(browser, "security-01-enrol");

        Matcher secret = SECRET.matcher(decoded);
        assertThat(secret.find()).isTrue();
        byte[] key = TotpCodes.fromBase32(secret.group(1));
        long step = TotpCodes.step();
        Chromium.find(browser, "#confirm-code").sendKeys(TotpCodes.code(key, step));
        Chromium.submit(browser, "#confirm");
        assertThat(browser.findElements(By.cssSelector("#recovery-codes li"))).hasSize(10);
        Chromium.screenshot(browser, "security-02-recovery-codes");

        browser.manage().deleteAllCookies();
        browser.get(base() + "/console/login");
        Chromium.find(browser, "#username").sendKeys(username);
        Chromium.find(browser, "#password").sendKeys(PASSWORD);
        Chromium.submit(browser, "#sign-in");
        Chromium.waitUpTo(browser, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("/console/login/code"));
        Chromium.find(browser, "#code").sendKeys(TotpCodes.code(key, step + 1));
        Chromium.submit(browser, "#check-code");
        Chromium.waitUpTo(browser, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().endsWith("/console"));
        browser.get(base() + "/console/security");
        assertThat(Chromium.text(browser, "#two-factor-on")).contains("10 recovery codes left");
    }

    @Test
    void aDeveloperCreatesATokenForChosenScopesOnly() {
        String username = person(Role.DEVELOPER);
        Chromium.signIn(browser, base(), username, PASSWORD);
        browser.get(base() + "/console/api");
        assertThat(Chromium.find(browser, "#scope-full").isEnabled()).as("only an owner gives full access").isFalse();
        assertThat(Chromium.find(browser, "#scope-messages").isSelected()).as("the default").isTrue();
        Chromium.find(browser, "#scope-contacts-read").click();
        Chromium.find(browser, "#token-name").sendKeys("Shop");
        Chromium.submit(browser, "#create-token");
        String token = Chromium.text(browser, "#issued-token");
        assertThat(token).startsWith("hrd_");
        WebElement row = Chromium.find(browser, "#tokens tr[data-name='Shop'] .token-scopes");
        assertThat(row.getText()).isEqualTo("Messages, Reading contacts");
        assertThat(row.getAttribute("data-scopes")).isEqualTo("contacts-read messages");
        Chromium.screenshot(browser, "security-03-scoped-token");

        ApiClient api = new ApiClient(base(), token);
        assertThat(api.get("/api/v1/tasks").status()).as("messages").isEqualTo(200);
        assertThat(api.get("/api/v1/contacts").status()).as("contacts-read").isEqualTo(200);
        ApiClient.Response people = api.get("/api/v1/people");
        assertThat(people.status()).as("the account's administration").isEqualTo(403);
        assertThat(people.text()).contains("'full'");
        assertThat(api.postJson("/api/v1/contacts", Map.of("contacts", java.util.List.of())).status())
                .as("changing contacts").isEqualTo(403);
    }

    private String person(Role role) {
        AccountId account = accounts.create("security-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String username = role.key() + "-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD, role);
        return username;
    }

    /** The element as Chromium paints it, read by ZXing's QR reader. */
    private static String decode(WebElement element) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(element.getScreenshotAs(OutputType.BYTES)));
        int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                        new RGBLuminanceSource(image.getWidth(), image.getHeight(), rgb))),
                Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
