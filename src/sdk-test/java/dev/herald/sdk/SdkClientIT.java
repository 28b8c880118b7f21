package dev.herald.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.sdk.api.MessagesApi;
import dev.herald.sdk.model.ChannelOptions;
import dev.herald.sdk.model.DestinationRequest;
import dev.herald.sdk.model.MessageGroupRequest;
import dev.herald.sdk.model.MessageView;
import dev.herald.sdk.model.SendMessagesRequest;
import dev.herald.sdk.model.SendResponseItem;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java client generated from Herald's OpenAPI document (./mvnw -Psdk verify) sends the README's first request to
 * a running Herald and follows the message: the SMS to a number ending in 0 is UNDELIVERED, then the e-mail goes.
 */
class SdkClientIT {

    @Test
    void theReadmesFirstRequestThroughTheGeneratedJavaClient() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri(System.getProperty("herald.url", "http://localhost:18095"));
        String token = System.getProperty("herald.token");
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        MessagesApi messages = new MessagesApi(client);

        Map<String, ChannelOptions> channels = new LinkedHashMap<>();
        channels.put("sms", new ChannelOptions().text("Your code is 1234"));
        channels.put("email", new ChannelOptions().subject("Your code").text("Your code is 1234"));
        SendMessagesRequest request = new SendMessagesRequest().messages(List.of(new MessageGroupRequest()
                .channels(channels)
                .destinations(List.of(new DestinationRequest().phone("+7 (499) 286-83-40").email("ivan@example.com")))));

        List<SendResponseItem> accepted = messages.messageSend(request, null);
        assertThat(accepted).hasSize(1);
        SendResponseItem sms = accepted.getFirst();
        assertThat(sms.getChannel()).isEqualTo("SMS");
        assertThat(sms.getStatus()).isEqualTo("CREATED");
        assertThat(sms.getError()).isNull();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> messages.messageGet(sms.getId()).getStatus(), "UNDELIVERED"::equals);
        MessageView view = messages.messageGet(sms.getId());
        assertThat(view.getId()).isEqualTo(sms.getId());
        assertThat(view.getChannel()).isEqualTo("SMS");
    }
}
