package dev.herald.delivery;

import static dev.herald.delivery.MessageStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class MessageStatusTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "CREATED, PENDING, true",
            "CREATED, DELAYED, true",
            "DELAYED, PAUSED, true",
            "PAUSED, DELAYED, true",
            "DELAYED, CREATED, false",
            "DELAYED, CANCELLED, true",
            "PENDING, CANCELLED, false",
            "SENT, CANCELLED, false",
            "PENDING, SENT, true",
            "SENT, DELIVERED, true",
            "DELIVERED, READ, true",
            "READ, CLICKED, true",
            "DELIVERED, CLICKED, true",
            "PENDING, FAILED, true",
            "DELIVERED, FAILED, false",
            "FAILED, DELIVERED, false",
            "SENT, PENDING, false",
            "PENDING, CREATED, false",
            "CLICKED, READ, false",
            "READ, DELIVERED, false",
    })
    void movesOnlyForward(MessageStatus from, MessageStatus to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @EnumSource(MessageStatus.class)
    void cancelledMovesNowhere(MessageStatus next) {
        assertThat(CANCELLED.canMoveTo(next)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = MessageStatus.class, names = {"UNDELIVERED", "FAILED", "CANCELLED", "EXPIRED"})
    void failuresAreDeadEnds(MessageStatus failure) {
        assertThat(MessageStatus.values()).noneMatch(failure::canMoveTo);
    }

    @ParameterizedTest
    @EnumSource(MessageStatus.class)
    void neverMovesToItself(MessageStatus status) {
        assertThat(status.canMoveTo(status)).isFalse();
    }

    @Test
    void codesAreUnique() {
        assertThat(Arrays.stream(MessageStatus.values()).map(MessageStatus::code)).doesNotHaveDuplicates();
    }

    @Test
    void successAndFailureAreTheFinalStatuses() {
        assertThat(Stream.of(values()).filter(MessageStatus::isSuccess)).containsExactlyInAnyOrder(DELIVERED, READ, CLICKED);
        assertThat(Stream.of(values()).filter(MessageStatus::isFailure))
                .containsExactlyInAnyOrder(UNDELIVERED, FAILED, CANCELLED, EXPIRED);
        assertThat(Stream.of(values()).filter(MessageStatus::isFinal))
                .containsExactlyInAnyOrderElementsOf(EnumSet.of(DELIVERED, READ, CLICKED, UNDELIVERED, FAILED, CANCELLED, EXPIRED));
    }

    @ParameterizedTest
    @EnumSource(MessageStatus.class)
    void statusIsInExactlyOneGroup(MessageStatus status) {
        boolean active = status == PENDING || status == SENT;
        assertThat(Stream.of(status.isWaiting(), active, status.isSuccess(), status.isFailure()).filter(b -> b))
                .hasSize(1);
        assertThat(status.isFinal()).isEqualTo(status.isSuccess() || status.isFailure());
    }
}
