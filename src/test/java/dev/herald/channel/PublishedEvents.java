package dev.herald.channel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

/**
 * The application events of one type that the shared Herald publishes, heard by a listener added to the running
 * context (a test configuration would fork the shared context).
 */
public final class PublishedEvents<T> {

    private final List<T> heard = new CopyOnWriteArrayList<>();

    private PublishedEvents() {}

    public static <T> PublishedEvents<T> listen(ConfigurableApplicationContext context, Class<T> type) {
        PublishedEvents<T> events = new PublishedEvents<>();
        context.addApplicationListener((ApplicationListener<ApplicationEvent>) event -> {
            if (event instanceof PayloadApplicationEvent<?> payload && type.isInstance(payload.getPayload())) {
                events.heard.add(type.cast(payload.getPayload()));
            }
        });
        return events;
    }

    public List<T> matching(Predicate<T> filter) {
        return heard.stream().filter(filter).toList();
    }
}
