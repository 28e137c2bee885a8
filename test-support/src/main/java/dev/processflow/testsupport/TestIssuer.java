package dev.processflow.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real OpenID Connect issuer for tests, one per name per test JVM: it serves its discovery document and its JWKS
 * over HTTP, and signs tokens with its RSA key through SmallRye JWT. A service under test is configured with the
 * issuer's URL and verifies these tokens through quarkus-oidc exactly as it verifies Keycloak's in production
 * (discovery, JWKS, signature, issuer, expiry, audience). The URL and the private key are kept in system properties,
 * so every Quarkus class loader of the test JVM signs with the key the running issuer publishes.
 * <p>
 * {@link #users()} stands in for the realm users sign in to; other names give further issuers, for example the
 * cluster's service-account issuer of Knative push delivery, or a stranger whose tokens must be refused.
 */
public final class TestIssuer {

    /** The audience the services' user-facing APIs require, as the realm's audience mapper sets it. */
    public static final String API_AUDIENCE = "processflow-api";

    private static final String PROPERTY_PREFIX = "processflow.test.issuer.";

    private final String name;
    private final String url;
    private final String keyId;
    private final PrivateKey privateKey;

    private TestIssuer(String name, String url, String keyId, PrivateKey privateKey) {
        this.name = name;
        this.url = url;
        this.keyId = keyId;
        this.privateKey = privateKey;
    }

    /** The issuer customers and operators sign in with. */
    public static TestIssuer users() {
        return named("users");
    }

    /** The running issuer of this name, started on first use. */
    public static synchronized TestIssuer named(String name) {
        String url = System.getProperty(PROPERTY_PREFIX + name + ".url");
        if (url == null) {
            return start(name);
        }
        return new TestIssuer(name, url, System.getProperty(PROPERTY_PREFIX + name + ".kid"),
                privateKey(Base64.getDecoder().decode(System.getProperty(PROPERTY_PREFIX + name + ".key"))));
    }

    public String name() {
        return name;
    }

    /** The issuer URL: what tokens carry as {@code iss} and what {@code quarkus.oidc.auth-server-url} names. */
    public String url() {
        return url;
    }

    /** A token for this subject, valid for five minutes, for the API audience; refine it before signing. */
    public Token token(String subject) {
        return new Token(subject);
    }

    /** A customer of the shop, as the realm issues one: verified e-mail, name and the {@code customer} role. */
    public String customer(String subject, String email, String name) {
        return token(subject).email(email).name(name).roles("customer").sign();
    }

    /** An operator with the {@code admin} role. */
    public String admin(String subject) {
        return token(subject).email(subject + "@processflow.test").name("Operator " + subject).roles("admin").sign();
    }

    /** A token under construction. */
    public final class Token {

        private final String subject;
        private final List<String> audiences = new ArrayList<>(List.of(API_AUDIENCE));
        private final List<String> roles = new ArrayList<>();
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private Instant issuedAt = Instant.now();
        private Duration lifetime = Duration.ofMinutes(5);
        private String issuerClaim = url;

        private Token(String subject) {
            this.subject = subject;
        }

        public Token audience(String... audience) {
            audiences.clear();
            audiences.addAll(List.of(audience));
            return this;
        }

        /** Realm roles, carried as Keycloak carries them: {@code realm_access.roles}. */
        public Token roles(String... role) {
            roles.addAll(List.of(role));
            return this;
        }

        public Token email(String email) {
            claims.put("email", email);
            claims.put("email_verified", true);
            return this;
        }

        public Token unverifiedEmail(String email) {
            claims.put("email", email);
            claims.put("email_verified", false);
            return this;
        }

        public Token name(String fullName) {
            claims.put("name", fullName);
            return this;
        }

        public Token claim(String claim, Object value) {
            claims.put(claim, value);
            return this;
        }

        /** Issued long enough ago that it has expired by now. */
        public Token expired() {
            issuedAt = Instant.now().minus(Duration.ofHours(1));
            lifetime = Duration.ofMinutes(5);
            return this;
        }

        /** Claims another issuer than the one whose key signs it. */
        public Token claimingIssuer(String issuer) {
            issuerClaim = issuer;
            return this;
        }

        public String sign() {
            return build().jws().keyId(keyId).sign(privateKey);
        }

        /** Signed with a key this issuer never published, under the key id it does publish. */
        public String signWithUnknownKey() {
            return build().jws().keyId(keyId).sign(newKeyPair().getPrivate());
        }

        private JwtClaimsBuilder build() {
            JwtClaimsBuilder jwt = Jwt.issuer(issuerClaim)
                    .subject(subject)
                    .audience(new java.util.HashSet<>(audiences))
                    .issuedAt(issuedAt)
                    .expiresAt(issuedAt.plus(lifetime))
                    .claim("jti", UUID.randomUUID().toString())
                    .claim("preferred_username", subject);
            if (!roles.isEmpty()) {
                jwt.claim("realm_access", Map.of("roles", List.copyOf(roles)));
            }
            claims.forEach(jwt::claim);
            return jwt;
        }
    }

    private static TestIssuer start(String name) {
        KeyPair keys = newKeyPair();
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) keys.getPrivate();
        String keyId = name + "-" + UUID.randomUUID();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("the test issuer " + name + " could not listen", e);
        }
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/" + name;
        String discovery = """
                {"issuer": "%1$s", "jwks_uri": "%1$s/protocol/openid-connect/certs",
                 "token_endpoint": "%1$s/protocol/openid-connect/token",
                 "authorization_endpoint": "%1$s/protocol/openid-connect/auth",
                 "end_session_endpoint": "%1$s/protocol/openid-connect/logout",
                 "response_types_supported": ["code"], "subject_types_supported": ["public"],
                 "id_token_signing_alg_values_supported": ["RS256"]}""".formatted(url);
        String jwks = """
                {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": "%s", "n": "%s", "e": "%s"}]}"""
                .formatted(keyId, base64Url(key.getModulus()), base64Url(key.getPublicExponent()));
        String path = "/realms/" + name;
        server.createContext(path + "/.well-known/openid-configuration", exchange -> json(exchange, discovery));
        server.createContext(path + "/protocol/openid-connect/certs", exchange -> json(exchange, jwks));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "test-issuer-" + name + "-stop"));
        System.setProperty(PROPERTY_PREFIX + name + ".url", url);
        System.setProperty(PROPERTY_PREFIX + name + ".kid", keyId);
        System.setProperty(PROPERTY_PREFIX + name + ".key", Base64.getEncoder().encodeToString(key.getEncoded()));
        return new TestIssuer(name, url, keyId, key);
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
