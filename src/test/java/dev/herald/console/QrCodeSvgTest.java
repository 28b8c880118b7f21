package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.nayuki.qrcodegen.QrCode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The enrolment's QR code as drawn: every dark module of the library's encoding is one square of the SVG's path
 * (with the quiet zone), and ZXing, another project's decoder, reads the drawing back as the otpauth:// link.
 * The browser test reads it again from Chromium's own rendering.
 */
class QrCodeSvgTest {

    private static final Pattern SQUARE = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z");
    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final String URI = "otpauth://totp/Herald%3Aowner%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
            + "&issuer=Herald&algorithm=SHA1&digits=6&period=30";

    @Test
    void theSvgDrawsTheLibrarysModulesAndDecodesToTheLink() throws Exception {
        String svg = QrCodeSvg.of(URI, "QR code <of> the \"link\"");
        assertThat(svg).startsWith("<svg ").contains("role=\"img\"", "aria-label=\"QR code &lt;of&gt; the &quot;link&quot;\"")
                .doesNotContain("<script");

        Matcher box = VIEW_BOX.matcher(svg);
        assertThat(box.find()).isTrue();
        int size = Integer.parseInt(box.group(1));
        boolean[][] drawn = new boolean[size][size];
        Matcher square = SQUARE.matcher(svg);
        while (square.find()) {
            drawn[Integer.parseInt(square.group(2))][Integer.parseInt(square.group(1))] = true;
        }
        QrCode expected = QrCode.encodeText(URI, QrCode.Ecc.MEDIUM);
        assertThat(size).as("four modules of quiet zone each side").isEqualTo(expected.size + 8);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean inside = x >= 4 && y >= 4 && x < size - 4 && y < size - 4;
                assertThat(drawn[y][x]).as("module %d,%d", x, y).isEqualTo(inside && expected.getModule(x - 4, y - 4));
            }
        }

        // rasterised at 4 pixels a module, as a screen shows it, then found and read by ZXing's QR reader
        int scale = 4;
        int pixels = size * scale;
        int[] rgb = new int[pixels * pixels];
        for (int y = 0; y < pixels; y++) {
            for (int x = 0; x < pixels; x++) {
                rgb[y * pixels + x] = drawn[y / scale][x / scale] ? 0xff000000 : 0xffffffff;
            }
        }
        String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(pixels, pixels, rgb)))).getText();
        assertThat(decoded).isEqualTo(URI);
    }
}
