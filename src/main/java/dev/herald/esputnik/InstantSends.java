package dev.herald.esputnik;

import dev.herald.auth.AccountId;
import dev.herald.messaging.ChannelOptions;
import dev.herald.messaging.DestinationRequest;
import dev.herald.messaging.MessageGroupRequest;
import dev.herald.messaging.MessageIntake;
import dev.herald.messaging.SendMessagesRequest;
import dev.herald.messaging.SendResponseItem;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * eSputnik's sends as Herald message groups: one group per request, one destination per recipient, through
 * the normal intake (validation, routing, lanes, the contact policy for destinations that name a contact). The
 * intake's field paths are renamed to the request's own ({@code messages[0].destinations[2].phone} becomes
 * {@code phoneNumbers[2]}), so a bad body is a 400 naming the eSputnik field.
 */
@Component
class InstantSends {

    private static final Pattern DESTINATION = Pattern.compile("^messages\\[0]\\.destinations\\[(\\d+)]\\.?(.*)$");
    private static final Pattern CHANNEL = Pattern.compile("^messages\\[0]\\.channels\\.([a-z]+)\\.?(.*)$");

    private final MessageIntake intake;

    InstantSends(MessageIntake intake) {
        this.intake = intake;
    }

    /**
     * Sends {@code group} and answers a result per destination, labelled by {@code locators}.
     *
     * @param destinationField how a destination's index is named in the request (e.g. {@code phoneNumbers[%d]})
     * @param channelFields    the request's name for an intake channel option ({@code text} → {@code text})
     */
    SendResults send(AccountId account, MessageGroupRequest group, List<String> locators, String destinationField,
                     Function<String, String> channelFields) {
        List<SendResponseItem> items;
        try {
            items = intake.accept(account, new SendMessagesRequest(null, null, List.of(group)), null).items();
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(e.problems().stream()
                    .map(p -> new FieldProblem(rename(p.field(), destinationField, channelFields), p.message())).toList());
        }
        List<SendResults.Result> results = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            SendResponseItem item = items.get(i);
            String locator = locators.get(i);
            results.add("FAILED".equals(item.status()) && item.error() != null
                    ? SendResults.Result.error(locator, item.error().message())
                    : SendResults.Result.ok(locator, item.id().toString()));
        }
        return SendResults.of(results);
    }

    static MessageGroupRequest group(Map<String, ChannelOptions> channels, String templateId,
                                     List<DestinationRequest> destinations) {
        return new MessageGroupRequest(channels, templateId, destinations, null, null, null, null, null, null, null, null);
    }

    private static String rename(String field, String destinationField, Function<String, String> channelFields) {
        Matcher destination = DESTINATION.matcher(field);
        if (destination.matches()) {
            return destinationField.formatted(Integer.parseInt(destination.group(1)));
        }
        Matcher channel = CHANNEL.matcher(field);
        if (channel.matches()) {
            return channelFields.apply(channel.group(2));
        }
        String own = field.replaceFirst("^messages\\[0]\\.?", "");
        // smartsend names its template in the path: message/{id}/smartsend
        return own.equals("templateId") ? "id" : own;
    }
}
