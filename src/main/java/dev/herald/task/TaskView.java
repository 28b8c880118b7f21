package dev.herald.task;

import dev.herald.messaging.ChannelOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A send task as the API shows it.
 *
 * @param bulkId   every message of the task is filed under this bulk ({@code GET /api/v1/messages?bulkId=})
 * @param file     the uploaded file, or null before one is
 * @param problem  why the file was refused or the task failed
 * @param category the subscription category of its messages, or null
 * @param critical whether its messages are critical
 */
record TaskView(
        UUID id,
        String name,
        TaskStatus status,
        Map<String, ChannelOptions> channels,
        String templateId,
        String callbackUrl,
        String callbackData,
        Boolean useShortLinks,
        String category,
        boolean critical,
        List<List<String>> allowedTimeRanges,
        String timeZone,
        Integer ratePerMinute,
        boolean allOrNothing,
        UUID bulkId,
        FileView file,
        TaskProgress progress,
        String problem,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    /** @param ignoredColumns header cells that name no column of the task */
    record FileView(String name, List<String> columns, List<String> ignoredColumns, int rows, int invalidRows) {}

    static TaskView of(SendTask t, TaskProgress progress) {
        NotificationType type = t.type();
        return new TaskView(t.id(), t.name(), t.status(), type.channels(), type.templateId(), type.callbackUrl(),
                type.callbackData(), type.useShortLinks(), type.category(), Boolean.TRUE.equals(type.critical()),
                t.allowedTimeRanges(), t.timeZone(), t.ratePerMinute(),
                t.allOrNothing(), t.bulkId(),
                t.fileName() == null ? null
                        : new FileView(t.fileName(), t.fileColumns(), t.ignoredColumns(), t.rowsTotal(), t.rowsInvalid()),
                progress, t.problem(), t.createdAt(), t.startedAt(), t.finishedAt());
    }
}
