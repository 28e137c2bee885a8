package dev.processflow.order.query;

import dev.processflow.order.OrderStatus;
import dev.processflow.order.PurchaseOrder;
import dev.processflow.order.TimelineEntry;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class OrderQueries {

    @Transactional
    public Optional<OrderView> find(UUID id) {
        return PurchaseOrder.<PurchaseOrder>findByIdOptional(id)
                .map(order -> OrderView.of(order, TimelineEntry.of(id)));
    }

    /** Newest first; {@code status} may be null for all. */
    @Transactional
    public List<OrderView> list(OrderStatus status, int offset, int limit) {
        Sort newestFirst = Sort.descending("createdAt").and("id", Sort.Direction.Descending);
        var query = status == null ? PurchaseOrder.<PurchaseOrder>findAll(newestFirst)
                : PurchaseOrder.<PurchaseOrder>find("status", newestFirst, status);
        return query.range(offset, offset + limit - 1).list().stream()
                .map(order -> OrderView.of(order, TimelineEntry.of(order.id)))
                .toList();
    }

}
