package dev.herald.task;

import java.util.List;

/** Receives a file's rows in order, one at a time. */
@FunctionalInterface
interface RowHandler {

    /**
     * @param number the row's number as a spreadsheet shows it (the header is row 1)
     * @param cells  the row's cells from the first column on, as text; missing cells are ""
     */
    void row(int number, List<String> cells);
}
