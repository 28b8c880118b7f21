package dev.herald.console;

import dev.herald.auth.AccountId;

/** The person signed in to the console, and the account they act for; console handlers take it as a parameter. */
record ConsoleUser(AccountId account, String username) {}
