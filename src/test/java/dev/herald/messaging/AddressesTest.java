package dev.herald.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
            "+7 (499) 286-83-44 | 74992868344",
            "74992868344        | 74992868344",
            "+74992868344       | 74992868344",
            "'  +7 499 286.83.44 ' | 74992868344",
            "12345              | 12345",           // shortest E.164
            "123456789012345    | 123456789012345", // longest E.164
    })
    void normalizesPhones(String phone, String expected) {
        assertThat(Addresses.normalizePhone(phone)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"1234", "1234567890123456", "+7 499 CALL-NOW", "7499286834a", "84992868344x",
            "04992868344", "+0 499 286 83 44", "", "+"})
    void rejectsNonPhones(String phone) {
        assertThat(Addresses.normalizePhone(phone)).isNull();
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
            "John.Doe@Example.COM        | John.Doe@example.com",
            "'  user@mail.example.org  ' | user@mail.example.org",
            "USER+Tag@EXAMPLE.RU         | USER+Tag@example.ru",
    })
    void normalizesEmails(String email, String expected) {
        assertThat(Addresses.normalizeEmail(email)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"user.example.com", "user@@example.com", "us@er@example.com", "user@localhost",
            "user@example.", "@example.com", "us er@example.com", ""})
    void rejectsNonEmails(String email) {
        assertThat(Addresses.normalizeEmail(email)).isNull();
    }
}
