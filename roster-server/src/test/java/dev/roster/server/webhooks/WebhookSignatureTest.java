package dev.roster.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Standard Webhooks signature against the specification's published example, and how a secret gives its key. */
class WebhookSignatureTest {
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    /** The example of the Standard Webhooks and Svix documentation: secret, id, timestamp, body and signature. */
    @Test
    void signsThePublishedExampleAsTheSpecificationDoes() {
        assertThat(WebhookSignature.standard("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330, BODY)).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void generatedSecretsAreStandardWebhooksSecretsOf256Bits() {
        String secret = WebhookSignature.newSecret();
        assertThat(secret).startsWith("whsec_");
        assertThat(WebhookSignature.isStandardForm(secret)).isTrue();
        assertThat(WebhookSignature.standardKey(secret)).hasSize(32)
                .isEqualTo(Base64.getDecoder().decode(secret.substring(6)));
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(secret);
    }

    /**
     * Secrets that are not {@code whsec_} and canonical base64 of 24 to 64 bytes sign with their UTF-8 bytes, the
     * key of {@code Roster-Signature}: an operator's own secret, and those generated before (URL-safe base64 of 32
     * bytes without padding, 43 characters, which a lenient decoder could read as base64 one time in four).
     */
    @ParameterizedTest
    @ValueSource(strings = {"test-webhook-secret-0123456789", "whsec_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        "whsec_q-83vLBDl_sTQ6Ll9Z0uMSo2Qm5z4rC0dD2e1XyA0Jg", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw=", "whsec_ MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"})
    void otherSecretsSignWithTheirOwnBytes(String secret) {
        assertThat(WebhookSignature.isStandardForm(secret)).isFalse();
        assertThat(WebhookSignature.standardKey(secret)).isEqualTo(secret.getBytes(StandardCharsets.UTF_8));
        String asStandard = "whsec_" + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        assertThat(WebhookSignature.standard(secret, "evt_1", 1767225600, BODY))
                .as("the same as the Standard Webhooks secret made of those bytes")
                .isEqualTo(WebhookSignature.standard(asStandard, "evt_1", 1767225600, BODY));
    }

    @Test
    void rosterSignatureStillUsesTheSecretAsItIs() {
        String secret = WebhookSignature.newSecret();
        String header = WebhookSignature.header(secret, 1767225600, BODY);
        assertThat(WebhookSignature.verify(secret, header, BODY, 1767225600, 300)).isTrue();
        assertThat(WebhookSignature.verify(secret, header, "{}".getBytes(StandardCharsets.UTF_8), 1767225600, 300))
                .isFalse();
        assertThat(header).isNotEqualTo(WebhookSignature.standard(secret, "evt_1", 1767225600, BODY));
    }
}
