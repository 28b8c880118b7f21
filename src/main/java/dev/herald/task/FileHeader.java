package dev.herald.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.ss.util.CellReference;

/**
 * The header row of a task's file: which cell holds which column. Known columns match whatever their case
 * and spacing ("Phone", "external customer id"); variables match by name. Columns the task does not use are
 * ignored and reported, so a spreadsheet with a notes column still loads.
 */
final class FileHeader {

    private final Map<String, Integer> cellOf;
    private final List<String> ignored;
    private final List<String> names;

    private FileHeader(Map<String, Integer> cellOf, List<String> ignored, List<String> names) {
        this.cellOf = cellOf;
        this.ignored = ignored;
        this.names = names;
    }

    static FileHeader read(int rowNumber, List<String> cells, TaskColumns columns) {
        Map<String, String> known = new LinkedHashMap<>();
        for (String column : columns.all()) {
            known.putIfAbsent(loose(column), column);
        }
        Map<String, Integer> cellOf = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            String name = cells.get(i).strip();
            if (name.isEmpty()) {
                continue;
            }
            String column = columns.variables().contains(name) ? name : known.get(loose(name));
            if (column == null) {
                ignored.add(name);
                continue;
            }
            Integer earlier = cellOf.putIfAbsent(column, i);
            if (earlier != null) {
                throw new UnreadableFileException("The column \"" + column + "\" appears twice in the header (row "
                        + rowNumber + ", columns " + letter(earlier) + " and " + letter(i) + ").");
            }
            names.add(column);
        }
        List<String> usable = columns.reaching();
        if (usable.stream().noneMatch(cellOf::containsKey)) {
            throw new UnreadableFileException("The header (row " + rowNumber + ") names none of the columns "
                    + String.join(", ", usable) + ". Download the file template of this task and fill it in.");
        }
        List<String> missing = columns.variables().stream().filter(v -> !cellOf.containsKey(v)).toList();
        if (!missing.isEmpty()) {
            throw new UnreadableFileException("The header (row " + rowNumber + ") lacks the column(s) "
                    + String.join(", ", missing) + " that the template's variables need.");
        }
        return new FileHeader(cellOf, List.copyOf(ignored), List.copyOf(names));
    }

    /** The cell of {@code column} in a data row, stripped; null when the column is absent or the cell blank. */
    String value(List<String> cells, String column) {
        Integer i = cellOf.get(column);
        if (i == null || i >= cells.size()) {
            return null;
        }
        String value = cells.get(i).strip();
        return value.isEmpty() ? null : value;
    }

    boolean has(String column) {
        return cellOf.containsKey(column);
    }

    /** The columns found, in file order. */
    List<String> names() {
        return names;
    }

    /** Header cells that name no column of the task. */
    List<String> ignored() {
        return ignored;
    }

    private static String loose(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
    }

    private static String letter(int index) {
        return CellReference.convertNumToColString(index);
    }
}
