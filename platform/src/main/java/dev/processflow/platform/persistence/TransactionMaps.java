package dev.processflow.platform.persistence;

import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * A map that lives exactly as long as the current transaction, as a resource of the transaction registry: rows a
 * transaction locked or opened, kept so its later events find them without a statement, and gone with the commit or
 * rollback (a retried transaction starts empty).
 */
public final class TransactionMaps {

    private TransactionMaps() {
    }

    /** The current transaction's map under {@code key}, created empty on first use. */
    @SuppressWarnings("unchecked")
    public static <K, V> Map<K, V> of(TransactionSynchronizationRegistry transactions, Object key) {
        Map<K, V> map = (Map<K, V>) transactions.getResource(key);
        if (map == null) {
            map = new HashMap<>();
            transactions.putResource(key, map);
        }
        return map;
    }
}
