package dev.herald.task;

import dev.herald.auth.AccountId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A send task as stored: what to send (the notification type), when it may leave (allowed hours, rate), the
 * file it was given and how far it got.
 *
 * @param rowsTotal   data rows in the file
 * @param rowsInvalid rows with errors, never sent
 * @param rowsHanded  rows handed to the message intake so far
 * @param problem     why the file was refused, or why the task failed
 */
public record SendTask(
        UUID id,
        long seq,
        AccountId account,
        String name,
        NotificationType type,
        List<List<String>> allowedTimeRanges,
        String timeZone,
        Integer ratePerMinute,
        boolean allOrNothing,
        TaskStatus status,
        UUID bulkId,
        String fileName,
        List<String> fileColumns,
        List<String> ignoredColumns,
        int rowsTotal,
        int rowsInvalid,
        int rowsHanded,
        String problem,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt) {

    /** Valid rows not yet handed over. */
    public int rowsWaiting() {
        return rowsTotal - rowsInvalid - rowsHanded;
    }
}
