package dev.herald.chat.widget;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web chat widget's limits ({@code herald.widget.*}); see {@code docs/chats.md}. Rate limits are kept by
 * each node for itself.
 *
 * @param maxTextLength         the longest message a visitor may send, in characters
 * @param messagesPerMinute     messages one visitor may send per minute
 * @param requestsPerMinutePerIp requests to the widget's endpoints per minute from one IP address
 * @param newVisitorsPerHourPerIp new visitors one IP address may start per hour
 * @param maxStreamsPerVisitor  open event streams of one visitor (tabs); a new one closes the oldest
 * @param maxStreams            open event streams on this node; beyond it new ones are refused with 503
 * @param streamTimeout         how long an event stream stays open; the widget then reconnects
 * @param pollInterval          how often this node looks for new lines of the visitors it streams to
 */
@ConfigurationProperties("herald.widget")
public record WidgetProperties(@DefaultValue("2000") int maxTextLength,
                               @DefaultValue("30") int messagesPerMinute,
                               @DefaultValue("600") int requestsPerMinutePerIp,
                               @DefaultValue("200") int newVisitorsPerHourPerIp,
                               @DefaultValue("3") int maxStreamsPerVisitor,
                               @DefaultValue("10000") int maxStreams,
                               @DefaultValue("5m") Duration streamTimeout,
                               @DefaultValue("1s") Duration pollInterval) {}
