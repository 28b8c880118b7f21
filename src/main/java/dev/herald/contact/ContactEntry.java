package dev.herald.contact;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One contact of an eSputnik-shaped request, checked and normalised: what an import stages and applies.
 * {@code present} names the attributes the entry gave ({@code firstName}, {@code lastName}, {@code email},
 * {@code sms}, {@code externalCustomerId}, {@code address}, {@code languageCode}, {@code timeZone},
 * {@code channels}); an attribute it did not give stays as it is on an existing contact.
 *
 * @param channels the contact's channels other than e-mail, sms and telegram ({@code contact_channel})
 * @param fields   custom field id → canonical value (null: remove the contact's value)
 * @param groups   names of static groups the contact joins
 */
record ContactEntry(Long givenId, String externalCustomerId, String email, String phone, String firstName,
                    String lastName, String languageCode, String timeZone, Map<String, String> address,
                    List<Channel> channels, Map<Long, String> fields, List<String> groups, Set<String> present) {

    record Channel(String type, String value) {}
}
