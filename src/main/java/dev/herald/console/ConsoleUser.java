package dev.herald.console;

import dev.herald.auth.AccountId;
import dev.herald.auth.Role;

/**
 * The person signed in to the console, the account they act for and their role; console handlers take it as a
 * parameter. The role is read afresh on every request.
 */
record ConsoleUser(AccountId account, String username, Role role) {}
