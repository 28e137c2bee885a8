package dev.processflow.events.order;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Limits;
import dev.processflow.events.Required;

@JsonIgnoreProperties(ignoreUnknown = true)
public record Customer(String email, String name) {

    public Customer {
        Required.text(email, "email", Limits.EMAIL);
        Required.text(name, "name");
    }
}
