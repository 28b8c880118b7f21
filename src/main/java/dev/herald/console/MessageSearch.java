package dev.herald.console;

import dev.herald.auth.AccountId;
import dev.herald.channel.Channel;
import dev.herald.delivery.MessageStatus;
import dev.herald.messaging.MessageFilter;
import dev.herald.messaging.MessageQueries;
import dev.herald.web.InvalidRequestException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The message log's search as the page, its CSV download and the dashboard's links write it: recipient, status
 * (one or a comma list), channel, a campaign's name (a send task's or broadcast's), a bulk (the links of a task's
 * page), and a range of days in the account's time zone ({@code to} included), newest or oldest first.
 *
 * @param campaigns the campaigns whose name matched, by bulk id (empty when no name was given)
 */
record MessageSearch(Map<String, String> params, Map<String, String> errors, MessageFilter filter,
                     MessageQueries.Order order, Map<UUID, String> campaigns) {

    static final String[] NAMES = {"recipient", "status", "channel", "campaign", "bulk", "from", "to", "sort"};

    static MessageSearch parse(Map<String, String> request, AccountId account, ZoneId zone, CampaignNames names) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : NAMES) {
            params.put(name, request.getOrDefault(name, "").strip());
        }
        Map<String, String> errors = new LinkedHashMap<>();
        Set<MessageStatus> statuses = null;
        Set<Channel> channels = null;
        try {
            statuses = MessageFilter.parseStatuses(params.get("status"));
        } catch (InvalidRequestException e) {
            errors.put("status", "Choose a status from the list.");
        }
        try {
            channels = MessageFilter.parseChannels(params.get("channel"));
        } catch (InvalidRequestException e) {
            errors.put("channel", "Choose a channel from the list.");
        }
        UUID bulk = null;
        if (!params.get("bulk").isEmpty()) {
            try {
                bulk = UUID.fromString(params.get("bulk"));
            } catch (IllegalArgumentException e) {
                errors.put("bulk", "This link is broken: open the messages from the task's or broadcast's page.");
            }
        }
        if (params.get("recipient").length() > 320) {
            errors.put("recipient", "At most 320 characters.");
        }
        String campaign = params.get("campaign");
        Map<UUID, String> campaigns = Map.of();
        if (campaign.length() > 255) {
            errors.put("campaign", "At most 255 characters.");
        } else if (!campaign.isEmpty()) {
            campaigns = names.matching(account, campaign);
            if (campaigns.isEmpty()) {
                errors.put("campaign", "No send task or broadcast has a name with \"" + campaign + "\" in it.");
            } else if (campaigns.size() > CampaignNames.LIMIT) {
                errors.put("campaign", "More than " + CampaignNames.LIMIT + " send tasks and broadcasts match; "
                        + "write more of the name.");
            }
        }
        LocalDate from = day(params, "from", errors);
        LocalDate to = day(params, "to", errors);
        if (from != null && to != null && to.isBefore(from)) {
            errors.put("to", "The last day comes before the first.");
        }
        MessageQueries.Order order = switch (params.get("sort")) {
            case "", "newest" -> MessageQueries.Order.NEWEST_FIRST;
            case "oldest" -> MessageQueries.Order.OLDEST_FIRST;
            default -> {
                errors.put("sort", "Choose newest or oldest first.");
                yield MessageQueries.Order.NEWEST_FIRST;
            }
        };
        Set<UUID> bulks = campaign.isEmpty() ? null : campaigns.keySet();
        if (bulk == null && bulks != null && bulks.size() == 1) {
            // one campaign: bulk_id = ?, which index message_account_bulk_created serves in order (ANY does not)
            bulk = bulks.iterator().next();
            bulks = null;
        }
        MessageFilter filter = errors.isEmpty() ? new MessageFilter(bulk, null, null, channels, statuses,
                from == null ? null : from.atStartOfDay(zone).toOffsetDateTime(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toOffsetDateTime(),
                params.get("recipient").isEmpty() ? null : params.get("recipient"),
                bulks) : null;
        return new MessageSearch(params, errors, filter, order, campaigns);
    }

    private static LocalDate day(Map<String, String> params, String name, Map<String, String> errors) {
        String value = params.get(name);
        if (value.isEmpty()) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(value);
            if (day.getYear() < 1970 || day.getYear() > 9999) {
                errors.put(name, "A day between 1970 and 9999.");
                return null;
            }
            return day;
        } catch (DateTimeParseException e) {
            errors.put(name, "A day like 2026-11-23.");
            return null;
        }
    }

    /** The search as a query string, for the pager and the download link. */
    String query() {
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> {
            if (!value.isEmpty()) {
                query.append(query.isEmpty() ? "" : "&").append(name).append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }
}
