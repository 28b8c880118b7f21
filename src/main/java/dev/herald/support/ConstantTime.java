package dev.herald.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Comparisons of secrets that take as long whatever the first difference, so response times leak nothing. */
public final class ConstantTime {

    private ConstantTime() {}

    public static boolean equals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
