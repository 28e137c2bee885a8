package dev.processflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuAccountingTest {

    @Test
    void namesEachPartOfTheStack() {
        assertThat(CpuAccounting.component(false, "java",
                "/usr/bin/java -Xmx384m -jar /work/main/order-service/target/quarkus-app/quarkus-run.jar")).isEqualTo("order-service");
        assertThat(CpuAccounting.component(false, "java", "java -Xmx768m -cp x kafka.Kafka /d/server.properties")).isEqualTo("kafka");
        assertThat(CpuAccounting.component(false, "postgres", "postgres: processflow orders 127.0.0.1(5555) idle")).isEqualTo("postgres");
        assertThat(CpuAccounting.component(false, "java", "java -cp x dev.processflow.stack.MailServer 1025 8025")).isEqualTo("mail");
        assertThat(CpuAccounting.component(false, "java", "java -Xmx128m -jar /r/payment-provider/target/payment-provider.jar"))
                .isEqualTo("payment-provider");
        assertThat(CpuAccounting.component(false, "java", "java -Xmx384m -jar /r/stack/target/zipkin/zipkin-server.jar"))
                .isEqualTo("zipkin");
        assertThat(CpuAccounting.component(false, "java",
                "java -Dkeycloak.migration.dir=/r/target/data/keycloak/import -Dkc.home.dir=/r/stack/target/keycloak/"
                        + "keycloak-26.5.6/bin/.. -jar /r/stack/target/keycloak/keycloak-26.5.6/lib/quarkus-run.jar start-dev"))
                .isEqualTo("keycloak");
        assertThat(CpuAccounting.component(false, "java", "java -cp x dev.processflow.stack.Launcher up --replicas 2"))
                .isEqualTo("launcher");
        assertThat(CpuAccounting.component(true, "java", "anything")).isEqualTo("bench");
        assertThat(CpuAccounting.component(false, "bash", "bash")).isEqualTo("other");
    }

    @Test
    void seesThisProcessSpendCpu() {
        Map<String, Double> before = CpuAccounting.snapshot();
        long spin = System.nanoTime() + 300_000_000L;
        double sink = 0;
        while (System.nanoTime() < spin) {
            sink += Math.sqrt(sink + 1);
        }
        Map<String, Double> cores = CpuAccounting.cores(before, CpuAccounting.snapshot(), 0.3);
        assertThat(sink).isPositive();
        assertThat(cores.get("bench")).isGreaterThan(0.1);
    }
}
