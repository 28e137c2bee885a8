package dev.processflow.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;

/**
 * The {@code knative} profile as a test runs it: pull consumers off, {@code POST /events} on, and the cluster's
 * service-account issuer played by {@link EventingTokens#issuer()}, over plain HTTP with no pod token to present
 * (the issuer's CA file is a real CA certificate, one the JDK trusts, since no TLS is spoken to it). The services'
 * own allow-lists and audiences stay exactly as their configuration sets them.
 */
public class KnativePush implements QuarkusTestProfile {

    @Override
    public String getConfigProfile() {
        return "test,knative";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "processflow.push.issuer.url", EventingTokens.issuer().url(),
                "processflow.push.issuer.ca-file", caFile(),
                "processflow.push.issuer.token-file", "");
    }

    /** One of the JDK's trusted CA certificates as a PEM file. */
    private static String caFile() {
        Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        try {
            KeyStore store = KeyStore.getInstance(cacerts.toFile(), (char[]) null);
            Certificate ca = store.getCertificate(Collections.list(store.aliases()).get(0));
            Path pem = Files.createTempFile("eventing-issuer-ca", ".pem");
            pem.toFile().deleteOnExit();
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ca.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            return pem.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's CA certificates are unreadable", e);
        }
    }
}
