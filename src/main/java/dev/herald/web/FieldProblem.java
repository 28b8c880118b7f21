package dev.herald.web;

/** One thing wrong with a request, named by its JSON path (e.g. {@code messages[0].destinations[3].phone}). */
public record FieldProblem(String field, String message) {}
