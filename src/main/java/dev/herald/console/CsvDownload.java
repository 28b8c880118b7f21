package dev.herald.console;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * A CSV file written straight to the answer as its rows come (nothing is gathered first), UTF-8 with a byte-order
 * mark so that spreadsheet programs read Cyrillic right. A cell that a spreadsheet would take for a formula
 * (starting with {@code = + - @}, a tab or a carriage return) gets a leading apostrophe: a recipient's name or a
 * message text must never run as a formula on the computer of whoever opens the file.
 */
final class CsvDownload implements AutoCloseable {

    private final CSVPrinter printer;

    private CsvDownload(CSVPrinter printer) {
        this.printer = printer;
    }

    static CsvDownload open(HttpServletResponse response, String fileName, String... header) {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8).build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        try {
            Writer writer = response.getWriter();
            writer.write('\uFEFF');
            CsvDownload csv = new CsvDownload(new CSVPrinter(writer, CSVFormat.DEFAULT));
            csv.row((Object[]) header);
            return csv;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void row(Object... cells) {
        List<String> safe = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            safe.add(safe(cell));
        }
        try {
            printer.printRecord(safe);
        } catch (IOException e) {
            // the person closed the download: the cursor stops with this
            throw new UncheckedIOException(e);
        }
    }

    static String safe(Object cell) {
        if (cell == null) {
            return "";
        }
        String text = cell.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    @Override
    public void close() {
        try {
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
