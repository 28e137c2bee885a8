package dev.processflow.notification;

import dev.processflow.testsupport.IdentityEngine;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.PostgresEngine;
import dev.processflow.testsupport.SmtpEngine;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every @QuarkusTest of this module runs on one real Kafka broker, one real PostgreSQL, one real SMTP server and the
 * users' OIDC issuer.
 */
@WithTestResource(value = KafkaEngine.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = IdentityEngine.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresEngine.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SmtpEngine.class, scope = TestResourceScope.GLOBAL)
public final class RealEngines {

    private RealEngines() {
    }
}
