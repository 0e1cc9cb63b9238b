package io.hookbox.hooks.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.schema.Shape;

import java.util.Objects;

/** The application (OAuth client) that started the flow: {@code data.context.clientID} and {@code clientName}. */
public record Client(String clientId, String clientName) {

    public static final Shape.ObjectShape SHAPE = Shape.object()
            .required("clientID", Shape.string(), "The id of the application that started the flow.")
            .required("clientName", Shape.string(), "The name of that application.")
            .closed();

    public Client {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientName, "clientName");
    }

    void addTo(ObjectNode context) {
        context.put("clientID", clientId).put("clientName", clientName);
    }
}
