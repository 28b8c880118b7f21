package dev.herald.task;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file record by record: UTF-8 with or without a byte order mark, the delimiter (comma, semicolon
 * or tab, as spreadsheet programs write depending on the locale) taken from the header line, RFC 4180 quotes
 * (delimiters, quotes and line breaks inside quoted fields). Text that is not UTF-8 is refused rather than
 * read as garbage: Excel's "CSV" in a Russian locale is Windows-1251, and "CSV UTF-8" is the fix.
 */
final class CsvRows {

    private static final int BOM = '\uFEFF';
    /** The header line must fit here for the delimiter to be detected. */
    private static final int HEADER_LOOKAHEAD = 64 * 1024;

    private CsvRows() {}

    static void read(Path file, RowHandler handler) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = Files.newInputStream(file);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, utf8), HEADER_LOOKAHEAD)) {
            reader.mark(1);
            if (reader.read() != BOM) {
                reader.reset();
            }
            char delimiter = detectDelimiter(reader);
            CSVFormat format = CSVFormat.RFC4180.builder()
                    .setDelimiter(delimiter)
                    .setIgnoreEmptyLines(true)
                    .setTrim(true)
                    .get();
            try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
                for (CSVRecord record : parser) {
                    List<String> cells = new ArrayList<>(record.size());
                    record.forEach(cells::add);
                    // Record numbers count records, not lines, so quoted line breaks do not shift them.
                    handler.row(Math.toIntExact(record.getRecordNumber()), cells);
                }
            } catch (UncheckedIOException e) {
                throw problem(e.getCause());
            }
        } catch (CharacterCodingException e) {
            throw notUtf8();
        }
    }

    private static UnreadableFileException problem(IOException cause) {
        if (cause instanceof CharacterCodingException) {
            return notUtf8();
        }
        return new UnreadableFileException("The CSV file is malformed: " + cause.getMessage());
    }

    private static UnreadableFileException notUtf8() {
        return new UnreadableFileException("The file is not UTF-8 text. Save it as \"CSV UTF-8\" or as an .xlsx workbook.");
    }

    /** The most frequent of comma, semicolon and tab outside quotes in the first line; comma when none. */
    private static char detectDelimiter(BufferedReader reader) throws IOException {
        reader.mark(HEADER_LOOKAHEAD);
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = 0; i < HEADER_LOOKAHEAD; i++) {
            int c = reader.read();
            if (c < 0 || (!quoted && (c == '\n' || c == '\r'))) {
                break;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                switch (c) {
                    case ',' -> commas++;
                    case ';' -> semicolons++;
                    case '\t' -> tabs++;
                    default -> { }
                }
            }
        }
        reader.reset();
        if (semicolons > commas && semicolons >= tabs) {
            return ';';
        }
        if (tabs > commas && tabs > semicolons) {
            return '\t';
        }
        return ',';
    }
}
