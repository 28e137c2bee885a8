package dev.processflow.events.order;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Limits;
import dev.processflow.events.Required;

/**
 * The customer an order belongs to: {@code id} is the subject of their sign-in token (what downstream services check
 * reads against), {@code email} the verified address the outcome e-mail goes to, {@code name} how they are greeted.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Customer(String id, String email, String name) {

    public Customer {
        Required.text(id, "id", Limits.CUSTOMER_ID);
        Required.text(email, "email", Limits.EMAIL);
        Required.text(name, "name");
    }
}
