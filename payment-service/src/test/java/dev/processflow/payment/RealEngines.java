package dev.processflow.payment;

import dev.processflow.testsupport.IdentityEngine;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.PostgresEngine;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every @QuarkusTest of this module runs on one real Kafka broker, one real PostgreSQL, one payment provider and the
 * users' OIDC issuer.
 */
@WithTestResource(value = KafkaEngine.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = IdentityEngine.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresEngine.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ProviderEngine.class, scope = TestResourceScope.GLOBAL)
public final class RealEngines {

    private RealEngines() {
    }
}
