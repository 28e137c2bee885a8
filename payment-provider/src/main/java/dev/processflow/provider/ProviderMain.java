package dev.processflow.provider;

import java.util.concurrent.CountDownLatch;

/** Runs the provider as its own process, configured from the environment (see {@link ProviderConfig}). */
public final class ProviderMain {

    private ProviderMain() {
    }

    public static void main(String[] args) throws Exception {
        ProviderConfig config;
        try {
            config = ProviderConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("payment-provider: " + e.getMessage());
            System.exit(2);
            return;
        }
        PaymentProvider provider = PaymentProvider.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            provider.close();
            stopped.countDown();
        }, "payment-provider-stop"));
        System.out.println("payment-provider ready: " + provider.url() + ", journal " + config.journal().toAbsolutePath()
                + ", holds expire after " + config.holdExpiry() + ", payment API for the shop's key only, admin API "
                + (config.adminToken().isPresent() ? "on" : "off (no PAYMENT_PROVIDER_ADMIN_TOKEN)")
                + "; a simulator for tests and demos, never a real payment provider");
        stopped.await();
    }
}
