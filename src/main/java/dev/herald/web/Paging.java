package dev.herald.web;

/** A validated page request: {@code page} counts from 0, {@code limit} is the page size. */
public record Paging(int page, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** @throws InvalidRequestException naming {@code page} or {@code limit} when out of range */
    public static Paging of(Integer page, Integer limit) {
        int p = page == null ? 0 : page;
        int l = limit == null ? DEFAULT_LIMIT : limit;
        if (p < 0) {
            throw new InvalidRequestException("page", "must be 0 or more");
        }
        if (l < 1 || l > MAX_LIMIT) {
            throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new Paging(p, l);
    }

    public long offset() {
        return (long) page * limit;
    }
}
