package dev.herald.group;

import dev.herald.ApiClient;

/** Contacts and groups made through the API, for the group and broadcast tests. */
public final class GroupFixtures {

    private GroupFixtures() {}

    /** A contact from Herald's contacts API; answers its contactId. */
    public static long contact(ApiClient api, String json) {
        ApiClient.Response created = api.post("/api/v1/contacts", json);
        if (created.status() != 201) {
            throw new AssertionError("contact not created: " + created.status() + " " + created.text());
        }
        return created.json().get("contactId").asLong();
    }

    /** A group from {@code POST /api/v1/groups}; answers its id. */
    public static long newGroup(ApiClient api, String json) {
        ApiClient.Response created = api.post("/api/v1/groups", json);
        if (created.status() != 201) {
            throw new AssertionError("group not created: " + created.status() + " " + created.text());
        }
        return created.json().get("id").asLong();
    }
}
