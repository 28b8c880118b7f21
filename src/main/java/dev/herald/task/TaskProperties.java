package dev.herald.task;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Send task settings ({@code herald.tasks.*}); see {@code docs/tasks.md}.
 *
 * @param maxRows      the most data rows one file may have
 * @param maxCellLength the longest value one cell may hold, in characters
 * @param chunkSize    how many rows one hand-over to the message intake takes, in one transaction
 * @param maxQueued    how many of a task's messages may wait in the delivery queue at once
 * @param lease        how long a node holds a running task before another node may take it over
 * @param pollInterval the safety-net poll when no notification arrives
 */
@ConfigurationProperties("herald.tasks")
record TaskProperties(
        @DefaultValue("500000") int maxRows,
        @DefaultValue("10000") int maxCellLength,
        @DefaultValue("500") int chunkSize,
        @DefaultValue("2000") int maxQueued,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("5s") Duration pollInterval) {}
