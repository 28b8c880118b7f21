package dev.herald.esputnik;

import dev.herald.auth.AccountId;
import dev.herald.auth.Accounts;
import dev.herald.channel.Channel;
import dev.herald.channel.DefaultSenders;
import dev.herald.provider.ProviderConnections;
import dev.herald.routing.Balances;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * eSputnik's general methods, which need only a valid token: the organisation ({@code account/info}), its
 * balance, its senders per channel ({@code interfaces/email|sms}) and its address book of contact fields.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "eSputnik account", description = "account/info, balance, interfaces, addressbooks (docs/broadcasts.md). "
        + "API group: general.")
class AccountController {

    private final Accounts accounts;
    private final ProviderConnections connections;
    private final DefaultSenders senders;
    private final JdbcClient jdbc;
    private final tools.jackson.databind.json.JsonMapper json;
    private final Balances balances;

    AccountController(Accounts accounts, ProviderConnections connections, DefaultSenders senders, JdbcClient jdbc,
                      tools.jackson.databind.json.JsonMapper json, Balances balances) {
        this.json = json;
        this.balances = balances;
        this.accounts = accounts;
        this.connections = connections;
        this.senders = senders;
        this.jdbc = jdbc;
    }

    record AccountInfo(String organisationId, String organisationName, String timeZone) {}

    /**
     * eSputnik's balance: the credit minus the cost of the messages; creditLimit is how far below zero bulk sends
     * may take it (the hard limit negated; 0 without a limit or with a limit above zero).
     */
    record Balance(BigDecimal currentBalance, BigDecimal creditLimit, String currency, int bonusEmails, int bonusSmses) {}

    /**
     * A sender of the account on a channel: a provider connection's own default sender, or (id null) the
     * account's default sender used when a connection has none.
     */
    record Sender(String id, String name, String sender, String email, boolean isDefault) {}

    record Field(long id, String name, String type, List<String> allowedValues) {}

    record FieldGroup(String name, List<Field> fields) {}

    record AddressBook(long addressBookId, String name, List<FieldGroup> fieldGroups) {}

    record AddressBooks(List<AddressBook> addressBook) {}

    @GetMapping("/account/info")
    @Operation(summary = "The organisation the token belongs to")
    AccountInfo info(AccountId account) {
        return new AccountInfo(account.value().toString(), accounts.name(account), accounts.timeZone(account).getId());
    }

    @GetMapping("/balance")
    @Operation(summary = "The account's balance", description = "The credit the platform administrator set minus "
            + "the cost of the account's messages (docs/providers.md).")
    Balance balance(AccountId account) {
        Balances.Balance b = balances.of(account.value());
        BigDecimal limit = b.hardLimit() == null ? BigDecimal.ZERO : b.hardLimit().negate().max(BigDecimal.ZERO);
        return new Balance(b.balance().stripTrailingZeros(), limit.stripTrailingZeros(), b.currency(), 0, 0);
    }

    @GetMapping("/interfaces/sms")
    @Operation(summary = "The account's SMS senders")
    List<Sender> smsInterfaces(AccountId account) {
        List<Sender> list = new ArrayList<>();
        for (ProviderConnections.Stored stored : connections.list(account.value(), Channel.SMS, null)) {
            String sender = first(stored.connection().setting("sourceAddr"), stored.connection().setting("from"),
                    stored.connection().setting("sender"));
            list.add(new Sender(stored.connection().id().toString(), stored.connection().name(),
                    senders.resolve(null, sender, account.value()), null, stored.isDefault()));
        }
        list.add(new Sender(null, "Account default", senders.of(account.value()), null, list.isEmpty()));
        return list;
    }

    @GetMapping("/interfaces/email")
    @Operation(summary = "The account's e-mail senders")
    List<Sender> emailInterfaces(AccountId account) {
        List<Sender> list = new ArrayList<>();
        for (ProviderConnections.Stored stored : connections.list(account.value(), Channel.EMAIL, null)) {
            list.add(new Sender(stored.connection().id().toString(), stored.connection().name(),
                    senders.resolve(null, stored.connection().setting("fromName"), account.value()),
                    stored.connection().setting("fromAddress"), stored.isDefault()));
        }
        if (list.isEmpty()) {
            list.add(new Sender(null, "Account default", senders.of(account.value()), null, true));
        }
        return list;
    }

    @GetMapping("/addressbooks")
    @Operation(summary = "The account's address book", description = "One book (the account) whose field group "
            + "lists the custom contact fields.")
    AddressBooks addressBooks(AccountId account) {
        List<Field> fields = jdbc.sql("SELECT id, name, type, options FROM contact_field WHERE account_id = ? ORDER BY id")
                .param(account.value())
                .query((rs, i) -> new Field(rs.getLong(1), rs.getString(2), rs.getString(3), options(rs.getString(4))))
                .list();
        return new AddressBooks(List.of(new AddressBook(1, accounts.name(account),
                List.of(new FieldGroup("Custom fields", fields)))));
    }

    private List<String> options(String json) {
        if (json == null) {
            return null;
        }
        tools.jackson.databind.JsonNode node = this.json.readTree(json);
        List<String> values = new ArrayList<>();
        node.forEach(v -> values.add(v.asString()));
        return values;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
