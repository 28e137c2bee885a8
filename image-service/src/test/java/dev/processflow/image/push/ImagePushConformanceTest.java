package dev.processflow.image.push;

import dev.processflow.testsupport.Transport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.stream.Stream;

/** The conformance suite over HTTP push, with the pull consumer off as under Knative, so only the push does the work. */
@QuarkusTest
@TestProfile(ImagePushConformanceTest.PushOnly.class)
class ImagePushConformanceTest extends ImageConformance {

    public static class PushOnly implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "test,knative";
        }
    }

    @Override
    protected Stream<Transport> transports() {
        return Stream.of(Transport.httpBinary(), Transport.httpStructured());
    }
}
