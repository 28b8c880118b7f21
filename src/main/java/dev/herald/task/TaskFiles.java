package dev.herald.task;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads an uploaded task file, CSV or XLSX, told apart by content rather than by the name it came with. */
final class TaskFiles {

    private TaskFiles() {}

    static void read(Path file, RowHandler handler) throws IOException {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n == 0) {
            throw new UnreadableFileException("The file is empty.");
        }
        if (n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            XlsxRows.read(file, handler);
        } else if (n == 4 && (head[0] & 0xFF) == 0xD0 && (head[1] & 0xFF) == 0xCF && head[2] == 0x11
                && (head[3] & 0xFF) == 0xE0) {
            throw new UnreadableFileException("Old Excel .xls files are not supported. Save the file as .xlsx or as \"CSV UTF-8\".");
        } else {
            CsvRows.read(file, handler);
        }
    }
}
