package dev.processflow.order;

public enum OrderStatus {
    PENDING,
    CONFIRMED,
    REJECTED
}
