package dev.processflow.order;

import dev.processflow.testsupport.IdentityEngine;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.PostgresEngine;
import dev.processflow.testsupport.TraceEngine;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every @QuarkusTest of this module runs on one real Kafka broker, one real PostgreSQL, the users' OIDC issuer and a
 * span collector.
 */
@WithTestResource(value = KafkaEngine.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = IdentityEngine.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresEngine.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TraceEngine.class, scope = TestResourceScope.GLOBAL)
public final class RealEngines {

    private RealEngines() {
    }
}
