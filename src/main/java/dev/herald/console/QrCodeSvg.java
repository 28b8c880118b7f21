package dev.herald.console;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code drawn as inline SVG on the server (Nayuki's QR Code generator encodes; no JavaScript on the page):
 * one path of dark modules on a white square with the four-module quiet zone readers need, sharp-edged so that
 * a phone's camera, or a screenshot, reads it at any size. Used for the otpauth:// link of two-factor enrolment.
 */
final class QrCodeSvg {

    private static final int BORDER = 4;
    /** Screen pixels per module: a whole number keeps every module the same size. */
    private static final int SCALE = 5;

    private QrCodeSvg() {}

    /** The SVG element of {@code text}, encoded with medium error correction; its accessible name is {@code label}. */
    static String of(String text, String label) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = qr.size + BORDER * 2;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + BORDER).append(',').append(y + BORDER).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" aria-label=\"" + escape(label)
                + "\" viewBox=\"0 0 " + size + " " + size + "\" width=\"" + size * SCALE + "\" height=\"" + size * SCALE
                + "\" shape-rendering=\"crispEdges\"><rect width=\"" + size + "\" height=\"" + size
                + "\" fill=\"#ffffff\"/><path d=\"" + path + "\" fill=\"#000000\"/></svg>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
