package dev.processflow.platform.security;

/** The realm roles a user's token carries in {@code realm_access.roles}. */
public final class Roles {

    /** A shopper: places orders and reads their own orders, payments and notifications. */
    public static final String CUSTOMER = "customer";

    /** An operator: everything a customer may, for every customer, plus catalog writes and operator endpoints. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
