package dev.herald.web;

import java.util.List;

/** A page of results with the total count across all pages, as TWIN answers lists: {@code {"count", "items"}}. */
public record Listing<T>(long count, List<T> items) {}
