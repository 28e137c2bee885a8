package dev.processflow.order.query;

import dev.processflow.order.PurchaseOrder;
import dev.processflow.order.TimelineEntry;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class OrderQueries {

    @Transactional
    public Optional<OrderView> find(UUID id) {
        return PurchaseOrder.<PurchaseOrder>findByIdOptional(id)
                .map(order -> OrderView.of(order, OrderView.steps(TimelineEntry.of(id))));
    }

    /** Newest first, matching every filter that is set. */
    @Transactional
    public List<OrderView> list(OrderFilter filter, int offset, int limit) {
        Sort newestFirst = Sort.descending("createdAt").and("id", Sort.Direction.Descending);
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        filter.customerId().ifPresent(customer -> {
            where.append(" and customerId = :customer");
            parameters.put("customer", customer);
        });
        filter.status().ifPresent(status -> {
            where.append(" and status = :status");
            parameters.put("status", status);
        });
        filter.placedFrom().ifPresent(from -> {
            where.append(" and createdAt >= :from");
            parameters.put("from", from);
        });
        filter.placedBefore().ifPresent(to -> {
            where.append(" and createdAt < :to");
            parameters.put("to", to);
        });
        return PurchaseOrder.<PurchaseOrder>find(where.toString(), newestFirst, parameters)
                .range(offset, offset + limit - 1).list().stream()
                .map(order -> OrderView.of(order, OrderView.steps(TimelineEntry.of(order.id))))
                .toList();
    }

}
