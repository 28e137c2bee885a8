package dev.processflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

class TestIssuerTest {

    private final TestIssuer issuer = TestIssuer.users();

    private JwtConsumer verifier() {
        return new JwtConsumerBuilder()
                .setExpectedIssuer(issuer.url())
                .setExpectedAudience(TestIssuer.API_AUDIENCE)
                .setRequireExpirationTime()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(
                        new HttpsJwks(issuer.url() + "/protocol/openid-connect/certs")))
                .build();
    }

    @Test
    void tokensVerifyAgainstThePublishedKeys() throws Exception {
        JwtClaims claims = verifier().processToClaims(issuer.customer("ada", "ada@example.com", "Ada Lovelace"));

        assertThat(claims.getSubject()).isEqualTo("ada");
        assertThat(claims.getStringClaimValue("email")).isEqualTo("ada@example.com");
        assertThat(claims.getClaimValue("email_verified")).isEqualTo(true);
        assertThat(claims.getClaimValue("realm_access").toString()).contains("customer");
    }

    @Test
    void aSecondLookupSignsWithTheSameKey() throws Exception {
        TestIssuer again = TestIssuer.named("users");

        assertThat(verifier().processToClaims(again.admin("root")).getSubject()).isEqualTo("root");
    }

    @Test
    void expiredForeignKeyAndOtherIssuerTokensFailVerification() {
        assertThatThrownBy(() -> verifier().processToClaims(issuer.token("ada").expired().sign()))
                .isInstanceOf(InvalidJwtException.class);
        assertThatThrownBy(() -> verifier().processToClaims(issuer.token("ada").signWithUnknownKey()))
                .isInstanceOf(InvalidJwtException.class);
        assertThatThrownBy(() -> verifier().processToClaims(TestIssuer.named("stranger").token("ada").sign()))
                .isInstanceOf(InvalidJwtException.class);
        assertThatThrownBy(() -> verifier().processToClaims(issuer.token("ada").audience("someone-else").sign()))
                .isInstanceOf(InvalidJwtException.class);
    }
}
