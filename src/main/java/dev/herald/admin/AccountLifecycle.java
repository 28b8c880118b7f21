package dev.herald.admin;

import dev.herald.audit.Audit;
import dev.herald.auth.AccountId;
import dev.herald.auth.Accounts;
import dev.herald.people.People;
import dev.herald.web.ConflictException;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the platform administrator does with accounts: create one (and invite its owner), suspend it (its
 * tokens, partner tokens and sessions stop working on their next request, its queued messages wait), resume it,
 * and delete it (the same at once, then {@link AccountEraser} erases all its data, cancelling what was queued).
 */
@Service
public class AccountLifecycle {

    /** The most accounts one listing returns. */
    static final int MAX_LIST = 1000;

    private final Accounts accounts;
    private final People people;
    private final Audit audit;

    AccountLifecycle(Accounts accounts, People people, Audit audit) {
        this.accounts = accounts;
        this.people = people;
        this.audit = audit;
    }

    /** A new account, and its owner (invited) when an address is given. */
    public record Created(AccountView account, People.Person owner) {}

    /** An account's name and time zone, checked. */
    public record NewAccount(String name, ZoneId timeZone) {}

    /**
     * Checks a new account's name (1 to 200 characters) and time zone (blank: UTC), as {@link #create} does; sign-up
     * checks them before there is any account.
     */
    public static NewAccount check(String name, String timeZone) {
        if (name == null || name.isBlank() || name.strip().length() > 200) {
            throw new InvalidRequestException("name", "must be 1 to 200 characters");
        }
        try {
            return new NewAccount(name.strip(), timeZone == null || timeZone.isBlank() ? ZoneId.of("UTC")
                    : ZoneId.of(timeZone.strip()));
        } catch (DateTimeException e) {
            throw new InvalidRequestException("timeZone", "must be a time zone such as Europe/Berlin");
        }
    }

    @Transactional
    public Created create(String name, String timeZone, String ownerEmail) {
        AccountId id = open(check(name, timeZone));
        People.Person owner = ownerEmail == null || ownerEmail.isBlank() ? null
                : people.invite(id, ownerEmail, "owner", People.Caller.ACCOUNT);
        return new Created(AccountView.of(accounts.find(id).orElseThrow()), owner);
    }

    /**
     * A new account made by self-service sign-up: its owner proved their address by the e-mailed link and chose
     * their password when they signed up ({@code passwordHash}).
     *
     * @throws ConflictException when the address belongs to a person already (nothing is made)
     */
    @Transactional
    public Created createSignedUp(NewAccount account, String ownerEmail, String passwordHash) {
        AccountId id = open(account);
        People.Person owner = people.addSignedUpOwner(id, ownerEmail, passwordHash).orElseThrow(
                () -> new ConflictException("The address belongs to a person already: sign in instead"));
        return new Created(AccountView.of(accounts.find(id).orElseThrow()), owner);
    }

    private AccountId open(NewAccount account) {
        AccountId id = accounts.create(account.name(), account.timeZone());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", account.name());
        details.put("timeZone", account.timeZone().getId());
        audit.record(id, "account.create", id, details);
        return id;
    }

    public List<AccountView> list() {
        return accounts.list(MAX_LIST).stream().map(AccountView::of).toList();
    }

    public AccountView get(AccountId id) {
        return AccountView.of(stored(id));
    }

    private Accounts.Account stored(AccountId id) {
        return accounts.find(id).filter(account -> account.status() != Accounts.Status.DELETING)
                .orElseThrow(() -> new NotFoundException("No account " + id));
    }

    @Transactional
    public AccountView suspend(AccountId id) {
        return move(id, Accounts.Status.SUSPENDED, "account.suspend");
    }

    @Transactional
    public AccountView resume(AccountId id) {
        return move(id, Accounts.Status.ACTIVE, "account.resume");
    }

    @Transactional
    public void delete(AccountId id) {
        move(id, Accounts.Status.DELETING, "account.delete");
    }

    private AccountView move(AccountId id, Accounts.Status status, String action) {
        Accounts.Account account = stored(id);
        if (account.status() == status) {
            throw new ConflictException("The account is " + status.name().toLowerCase() + " already");
        }
        accounts.changeStatus(id, status);
        audit.record(id, action, id, Map.of("name", account.name()));
        return AccountView.of(accounts.find(id).orElseThrow());
    }
}
