package dev.herald.task;

/** The uploaded file as a whole cannot be used (not CSV or XLSX, not UTF-8, no header, too many rows, ...). */
class UnreadableFileException extends RuntimeException {

    UnreadableFileException(String message) {
        super(message);
    }
}
