package dev.herald.console;

import dev.herald.task.SendTask;
import dev.herald.task.TaskControl;
import dev.herald.task.TaskProgress;
import java.util.List;

/** A task with its progress, as lists and the dashboard show it. */
record TaskCard(SendTask task, TaskProgress progress) {

    static List<TaskCard> of(List<SendTask> tasks, TaskControl control) {
        return tasks.stream().map(t -> new TaskCard(t, control.progress(t))).toList();
    }
}
