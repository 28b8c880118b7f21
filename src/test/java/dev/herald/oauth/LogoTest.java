package dev.herald.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LogoTest extends OAuthTest {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};

    @Test
    void pngGifAndJpegAreStoredAndServed() {
        Developer developer = newDeveloper();
        App app = register(developer.api(), "messages");
        assertThat(anonymous().get("/oauth/apps/" + app.clientId() + "/logo").status()).isEqualTo(404);

        byte[] gif = "GIF89a....".getBytes();
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16};
        assertThat(upload(developer, app, gif, "image/gif").status()).isEqualTo(204);
        assertThat(upload(developer, app, jpeg, "application/octet-stream").status()).isEqualTo(204);
        assertThat(upload(developer, app, PNG, "image/png").status()).isEqualTo(204);

        ApiClient.Response served = anonymous().get("/oauth/apps/" + app.clientId() + "/logo");
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.header("Content-Type")).isEqualTo("image/png");
        assertThat(developer.api().get("/api/v1/partner-apps/" + app.id()).json().get("logoUrl").asString())
                .isEqualTo("/oauth/apps/" + app.clientId() + "/logo");
    }

    @Test
    void aLogoMayAlsoComeAsAFormField() {
        Developer developer = newDeveloper();
        App app = register(developer.api(), "messages");
        String boundary = "b0undary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"logo.gif\"\r\n"
                + "Content-Type: image/gif\r\n\r\nGIF87a").getBytes();
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes();
        byte[] body = new byte[head.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(tail, 0, body, head.length, tail.length);
        assertThat(upload(developer, app, body, "multipart/form-data; boundary=" + boundary).status()).isEqualTo(204);
        assertThat(anonymous().get("/oauth/apps/" + app.clientId() + "/logo").header("Content-Type"))
                .isEqualTo("image/gif");
    }

    @Test
    void otherContentIsRefusedWhateverItsDeclaredType() {
        Developer developer = newDeveloper();
        App app = register(developer.api(), "messages");
        ApiClient.Response svg = upload(developer, app, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(),
                "image/png");
        assertThat(svg.status()).isEqualTo(400);
        assertThat(svg.text()).contains("JPG, GIF or PNG");
        assertThat(upload(developer, app, new byte[0], "image/png").status()).isEqualTo(400);
    }

    @Test
    void aLogoOverOneMegabyteIsRefused() {
        Developer developer = newDeveloper();
        App app = register(developer.api(), "messages");
        byte[] big = Arrays.copyOf(PNG, 1024 * 1024 + 1);
        assertThat(upload(developer, app, big, "image/png").status()).isEqualTo(413);
        byte[] limit = Arrays.copyOf(PNG, 1024 * 1024);
        assertThat(upload(developer, app, limit, "image/png").status()).isEqualTo(204);
    }

    @Test
    void onlyTheDeveloperChangesTheLogo() {
        App app = register(newAccount(), "messages");
        assertThat(upload(newDeveloper(), app, PNG, "image/png").status()).isEqualTo(404);
    }

}
