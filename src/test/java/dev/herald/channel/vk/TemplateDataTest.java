package dev.herald.channel.vk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.channel.Channel;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Placeholders, templateData and attachments as the adapter checks them before anything is sent. */
class TemplateDataTest {

    private final NotifyTemplate template = new NotifyTemplate("t", "approved",
            "{{name}}, заказ {{ order }} готов; {{name}}, ждём!", null, "OK: {{name}} в {{город}}");

    @Test
    void placeholdersComeFromTheNetworksOwnBodyInOrderOfFirstAppearance() {
        assertThat(template.placeholders(Channel.VKONTAKTE)).containsExactly("name", "order");
        assertThat(template.placeholders(Channel.ODNOKLASSNIKI)).containsExactly("name", "город");
    }

    @Test
    void dataByNameOrByPositionFillsExactlyThePlaceholders() throws Exception {
        List<String> placeholders = template.placeholders(Channel.VKONTAKTE);

        assertThat(TemplateData.fill(template, placeholders, Map.of("order", 42, "name", "Иван")))
                .containsExactly(Map.entry("name", "Иван"), Map.entry("order", "42"));
        assertThat(TemplateData.fill(template, placeholders, List.of("Иван", "42")))
                .containsExactly(Map.entry("name", "Иван"), Map.entry("order", "42"));
        assertThat(TemplateData.fill(new NotifyTemplate("plain", "approved", "no slots", null, null), List.of(), null))
                .isEmpty();
    }

    @Test
    void dataThatDoesNotFitIsRefused() {
        List<String> placeholders = template.placeholders(Channel.VKONTAKTE);

        assertThatThrownBy(() -> TemplateData.fill(template, placeholders, null))
                .hasMessage("templateData lacks [name, order] for template t");
        assertThatThrownBy(() -> TemplateData.fill(template, placeholders, Map.of("name", "И", "order", Map.of())))
                .hasMessage("templateData value for order must be text or a number");
        assertThatThrownBy(() -> TemplateData.fill(template, placeholders, Collections.nCopies(3, "x")))
                .hasMessageStartingWith("templateData has 3 values but template t has 2 placeholders");
        assertThatThrownBy(() -> TemplateData.fill(template, placeholders, "Иван"))
                .hasMessage("templateData must be an object of placeholder values or a list");
    }

    @Test
    void attachmentsAreCheckedAgainBeforeSending() {
        assertThat(VkNotifyProvider.attachmentProblem(null)).isEmpty();
        assertThat(VkNotifyProvider.attachmentProblem(List.of("photo-85635407_165186811", "poll1_2"))).isEmpty();
        assertThat(VkNotifyProvider.attachmentProblem(Collections.nCopies(11, "doc1_2"))).contains("at most 10 attachments, got 11");
        assertThat(VkNotifyProvider.attachmentProblem(List.of("sticker1_2"))).get().asString().contains("sticker1_2");
        assertThat(VkNotifyProvider.attachmentProblem(List.of("photo1"))).isPresent();
        assertThat(VkNotifyProvider.attachmentProblem("photo1_2")).contains("attachments must be a list");
    }
}
