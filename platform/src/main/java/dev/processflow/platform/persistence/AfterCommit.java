package dev.processflow.platform.persistence;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Work that must happen only once the current transaction committed (a wake-up, a metric of a durable change). */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static void run(TransactionSynchronizationRegistry transactions, Runnable work) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    work.run();
                }
            }
        });
    }
}
