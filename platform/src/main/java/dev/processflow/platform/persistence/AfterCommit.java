package dev.processflow.platform.persistence;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Work that must happen only once the current transaction committed (a wake-up, a metric of a durable change), and
 * what undoes a reservation made for it if it rolled back instead.
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static void run(TransactionSynchronizationRegistry transactions, Runnable work) {
        runOrElse(transactions, work, () -> { });
    }

    /** {@code work} once the current transaction committed, {@code otherwise} once it rolled back. */
    public static void runOrElse(TransactionSynchronizationRegistry transactions, Runnable work, Runnable otherwise) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    work.run();
                } else {
                    otherwise.run();
                }
            }
        });
    }
}
