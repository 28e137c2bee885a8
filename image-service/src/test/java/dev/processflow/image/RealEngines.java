package dev.processflow.image;

import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.PostgresEngine;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every @QuarkusTest of this module runs on one real Kafka broker and one real PostgreSQL. */
@WithTestResource(value = KafkaEngine.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresEngine.class, scope = TestResourceScope.GLOBAL)
public final class RealEngines {

    private RealEngines() {
    }
}
