package dev.herald.task;

/**
 * One thing wrong with one row of a task's file.
 *
 * @param column the column's name, as in the file template
 * @param value  what the cell held (cut short when long)
 */
public record RowError(String column, String value, String message) {}
