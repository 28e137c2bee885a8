package dev.processflow.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class CollapsedProfileTest {

    private static final List<String> LINES = List.of(
            "[executor-thread-1 tid=11];java/lang/Thread.run;dev/processflow/order/OrderRows.update;"
                    + "org/postgresql/core/v3/QueryExecutorImpl.execute;java/net/SocketOutputStream.write;write 6",
            "[executor-thread-2 tid=12];java/lang/Thread.run;org/hibernate/internal/SessionImpl.flush;"
                    + "java/util/HashMap.get 2",
            "[vert.x-eventloop-thread-0 tid=20];io/netty/channel/nio/NioEventLoop.run;epoll_wait 1",
            "[C1 CompilerThread0 tid=5];Compile::Compile 1",
            "not a sample line",
            "");

    @Test
    void samplesAddUpByThreadPoolLibraryAndLeafFrame() {
        CollapsedProfile profile = CollapsedProfile.parse(LINES);

        assertThat(profile.total()).isEqualTo(10);
        assertThat(profile.threads(10)).extracting(CollapsedProfile.Share::name, CollapsedProfile.Share::samples)
                .containsExactly(tuple("executor", 8L), tuple("C1 CompilerThread", 1L), tuple("vert.x-eventloop", 1L));
        assertThat(profile.libraries(10)).extracting(CollapsedProfile.Share::name)
                .containsExactly("org.postgresql.core", "org.hibernate.internal", "(JVM, kernel)", "io.netty.channel");
        assertThat(profile.leaves(1).get(0).name()).isEqualTo("write");
        assertThat(profile.leaves(1).get(0).percent()).isEqualTo(60.0);
    }

    @Test
    void poolNamesDropTheThreadNumber() {
        assertThat(CollapsedProfile.pool("[smallrye-kafka-consumer-thread-2 tid=101]"))
                .isEqualTo("smallrye-kafka-consumer");
        assertThat(CollapsedProfile.pool("[outbox-relay tid=7]")).isEqualTo("outbox-relay");
        assertThat(CollapsedProfile.pool("[tid=8]")).isEqualTo("(unnamed)");
        assertThat(CollapsedProfile.pool("[kafka-producer-network-thread | producer-1 tid=9]"))
                .isEqualTo("kafka-producer-network-thread | producer");
    }

    @Test
    void samplesOnlyInTheJdkCountAsTheJdks() {
        assertThat(CollapsedProfile.library(new String[] {"[t tid=1]", "java/lang/Thread.run", "libc_read"}, 1))
                .isEqualTo("(JDK)");
    }
}
