package dev.herald.people;

import dev.herald.audit.Audit;
import dev.herald.auth.AccountId;
import dev.herald.auth.PasswordRule;
import dev.herald.auth.Role;
import dev.herald.auth.Users;
import dev.herald.web.ConflictException;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import dev.herald.web.PublicBaseUrl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people of an account: invite by e-mail, change a role, remove, and the links a person follows to accept
 * an invitation or reset a forgotten password. Only an owner may make or unmake owners, and an account always
 * keeps one owner who can sign in.
 */
@Service
public class People {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    static final String INVITATION_PATH = "/console/invitation?token=";
    static final String RESET_PATH = "/console/password/reset?token=";

    /** A person as the API shows them. */
    public record Person(UUID id, String username, String email, String role, String status, java.time.Instant createdAt) {
        static Person of(Users.User user) {
            return new Person(user.id(), user.username(), user.email(), user.role().key(),
                    user.status().name().toLowerCase(java.util.Locale.ROOT), user.createdAt());
        }
    }

    /** Who asks for a change of people: an owner may touch owners. API tokens act with the account's full rights. */
    public record Caller(boolean owner, String username) {
        public static final Caller ACCOUNT = new Caller(true, null);
    }

    private final Users users;
    private final PersonLinks links;
    private final PeopleMail mail;
    private final PublicBaseUrl baseUrl;
    private final Audit audit;
    private final Duration invitationValidFor;
    private final Duration resetValidFor;

    People(Users users, PersonLinks links, PeopleMail mail, PublicBaseUrl baseUrl, Audit audit,
           @Value("${herald.people.invitation-valid-for:P7D}") Duration invitationValidFor,
           @Value("${herald.people.reset-valid-for:PT1H}") Duration resetValidFor) {
        this.users = users;
        this.links = links;
        this.mail = mail;
        this.baseUrl = baseUrl;
        this.audit = audit;
        this.invitationValidFor = invitationValidFor;
        this.resetValidFor = resetValidFor;
    }

    public List<Person> list(AccountId account) {
        return users.list(account).stream().map(Person::of).toList();
    }

    /** Invites {@code email} with {@code role} and e-mails the link. */
    @Transactional
    public Person invite(AccountId account, String email, String role, Caller caller) {
        String address = email(email);
        Role chosen = role(role);
        if (chosen == Role.OWNER && !caller.owner()) {
            throw new InvalidRequestException("role", "only an owner may invite an owner");
        }
        Users.User invited = users.invite(account, address, chosen)
                .orElseThrow(() -> new ConflictException("The address " + address + " already belongs to a person"));
        sendInvitation(invited);
        audit.record(account, "person.invite", invited.id(), Map.of("email", address, "role", chosen.key()));
        return Person.of(invited);
    }

    /**
     * The owner of a new account who signed up themselves: their address proven by the link they followed, their
     * password hashed when they chose it.
     *
     * @return empty when the address belongs to a person already
     */
    @Transactional
    public Optional<Person> addSignedUpOwner(AccountId account, String email, String passwordHash) {
        return users.createWithPasswordHash(account, email(email), passwordHash, Role.OWNER).map(owner -> {
            audit.record(account, "person.signup", owner.id(), Map.of("email", owner.email(), "role", "owner"));
            return Person.of(owner);
        });
    }

    /** Sends a new invitation link (the earlier one stops working). */
    @Transactional
    public void resendInvitation(AccountId account, UUID id) {
        Users.User user = users.find(account, id).orElseThrow(() -> new NotFoundException("No person " + id));
        if (user.status() != Users.Status.INVITED) {
            throw new ConflictException("The person has accepted their invitation already");
        }
        sendInvitation(user);
        audit.record(account, "person.reinvite", id, Map.of("email", user.email()));
    }

    private void sendInvitation(Users.User user) {
        String token = links.issue(user.account(), user.id(), PersonLinks.Purpose.INVITATION, invitationValidFor);
        mail.send(user.account(), user.email(), "You are invited to Herald",
                "You are invited to a Herald account as " + user.role().key() + ".\n\nAccept and choose a password: "
                        + baseUrl.resolve(INVITATION_PATH + token) + "\n\nThe link works once, for "
                        + invitationValidFor.toHours() + " hours.");
    }

    @Transactional
    public Person changeRole(AccountId account, UUID id, String role, Caller caller) {
        Role chosen = role(role);
        Users.User user = users.find(account, id).orElseThrow(() -> new NotFoundException("No person " + id));
        if ((chosen == Role.OWNER || user.role() == Role.OWNER) && !caller.owner()) {
            throw new InvalidRequestException("role", "only an owner may make or unmake an owner");
        }
        if (user.role() == Role.OWNER && chosen != Role.OWNER) {
            keepAnOwner(account, user);
        }
        users.changeRole(account, id, chosen);
        audit.record(account, "person.role", id, Map.of("username", user.username(), "from", user.role().key(),
                "to", chosen.key()));
        return Person.of(users.find(account, id).orElseThrow());
    }

    @Transactional
    public void remove(AccountId account, UUID id, Caller caller) {
        Users.User user = users.find(account, id).orElseThrow(() -> new NotFoundException("No person " + id));
        if (user.role() == Role.OWNER && !caller.owner()) {
            throw new ConflictException("Only an owner may remove an owner");
        }
        if (user.role() == Role.OWNER) {
            keepAnOwner(account, user);
        }
        users.remove(account, id);
        audit.record(account, "person.remove", id, Map.of("username", user.username()));
    }

    private void keepAnOwner(AccountId account, Users.User leaving) {
        if (leaving.status() == Users.Status.ACTIVE && users.owners(account) <= 1) {
            throw new ConflictException("The account's last owner cannot go: make someone else owner first");
        }
    }

    /** The invited person whose link this is, for the acceptance form. */
    public Optional<Person> invited(String token) {
        return links.peek(token, PersonLinks.Purpose.INVITATION)
                .flatMap(holder -> users.find(holder.account(), holder.userId())).map(Person::of);
    }

    /** Whether this reset link is live, for the form. */
    public boolean resettable(String token) {
        return links.peek(token, PersonLinks.Purpose.PASSWORD_RESET).isPresent();
    }

    /**
     * Accepts an invitation: sets the password, the person can sign in from now on.
     *
     * @return the username to sign in with
     */
    @Transactional
    public String accept(String token, String password) {
        PasswordRule.check("password", password);
        PersonLinks.Holder holder = links.redeem(token, PersonLinks.Purpose.INVITATION)
                .orElseThrow(() -> new InvalidRequestException("token", "the invitation link is unknown, used or expired"));
        Users.User user = users.find(holder.account(), holder.userId()).orElseThrow(
                () -> new InvalidRequestException("token", "the invitation link is unknown, used or expired"));
        users.changePassword(user, password);
        audit.record(holder.account(), "person.accept", user.id(), Map.of("username", user.username()));
        return user.username();
    }

    /**
     * Sends a reset link when {@code login} is a person who can sign in; says nothing either way, so the form
     * tells no one who has an account.
     */
    @Transactional
    public void requestReset(String login) {
        if (login == null || login.isBlank() || login.length() > 320) {
            return;
        }
        users.findByLogin(login.strip()).filter(user -> user.status() == Users.Status.ACTIVE && user.email() != null)
                .ifPresent(user -> {
                    String token = links.issue(user.account(), user.id(), PersonLinks.Purpose.PASSWORD_RESET,
                            resetValidFor);
                    mail.send(user.account(), user.email(), "Reset your Herald password",
                            "Someone asked to reset the password of " + user.username() + ".\n\nChoose a new one: "
                                    + baseUrl.resolve(RESET_PATH + token) + "\n\nThe link works once, for "
                                    + resetValidFor.toMinutes() + " minutes. If it was not you, ignore this e-mail.");
                    audit.record(user.account(), "person.reset-request", user.id(), Map.of("username", user.username()));
                });
    }

    /** @return the username to sign in with */
    @Transactional
    public String reset(String token, String password) {
        PasswordRule.check("password", password);
        PersonLinks.Holder holder = links.redeem(token, PersonLinks.Purpose.PASSWORD_RESET)
                .orElseThrow(() -> new InvalidRequestException("token", "the reset link is unknown, used or expired"));
        Users.User user = users.find(holder.account(), holder.userId()).orElseThrow(
                () -> new InvalidRequestException("token", "the reset link is unknown, used or expired"));
        users.changePassword(user, password);
        audit.record(holder.account(), "person.password-reset", user.id(), Map.of("username", user.username()));
        return user.username();
    }

    /** The address, stripped; 400 naming {@code email} when it is none (or longer than 254 characters). */
    public static String email(String email) {
        if (email == null || email.isBlank()) {
            throw new InvalidRequestException("email", "is required");
        }
        String address = email.strip();
        if (address.length() > 254 || !EMAIL.matcher(address).matches()) {
            throw new InvalidRequestException("email", "must be an e-mail address");
        }
        return address;
    }

    private static Role role(String role) {
        return Role.of(role).orElseThrow(() -> new InvalidRequestException("role",
                "must be one of owner, admin, developer, operator, viewer"));
    }
}
