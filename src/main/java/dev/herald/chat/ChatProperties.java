package dev.herald.chat;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Chat session settings ({@code herald.chat.*}); see {@code docs/chats.md}.
 *
 * ({@code herald.chat.sweep-interval}, how often each node looks for sessions past their timeout, is read by
 * the sweep's schedule.)
 *
 * @param sessionTimeout how long an open session may stay without any message either way before it is
 *                       closed as TIMED_OUT; the client's next message then starts a new session
 */
@ConfigurationProperties("herald.chat")
public record ChatProperties(@DefaultValue("24h") Duration sessionTimeout) {}
