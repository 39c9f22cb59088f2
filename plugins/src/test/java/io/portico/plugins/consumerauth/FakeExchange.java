package io.portico.plugins.consumerauth;

import io.portico.plugin.Consumer;
import io.portico.plugin.Credential;
import io.portico.plugin.Exchange;
import io.portico.plugin.Request;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Just enough of an {@link Exchange} for a plugin's access phase in a unit test: request headers, the caller,
 * the shared context and the answer. Anything else throws.
 */
public final class FakeExchange {
    public final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    public final Map<String, Object> ctx = new HashMap<>();
    public Consumer consumer;
    public Credential credential;
    public int status;
    public String body;

    public Exchange exchange() {
        Request request = (Request) Proxy.newProxyInstance(Request.class.getClassLoader(),
                new Class<?>[] {Request.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "header" -> {
                        List<String> values = headers.get((String) args[0]);
                        yield values == null || values.isEmpty() ? null : values.getFirst();
                    }
                    case "headers" -> headers.getOrDefault((String) args[0], List.of());
                    case "setHeader" -> {
                        headers.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
                        yield null;
                    }
                    case "removeHeader" -> {
                        headers.remove((String) args[0]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (Exchange) Proxy.newProxyInstance(Exchange.class.getClassLoader(), new Class<?>[] {Exchange.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "request" -> request;
                    case "consumer" -> Optional.ofNullable(consumer);
                    case "credential" -> Optional.ofNullable(credential);
                    case "ctx" -> ctx;
                    case "respond" -> {
                        status = (Integer) args[0];
                        body = args[1] instanceof byte[] bytes ? new String(bytes) : String.valueOf(args[1]);
                        yield null;
                    }
                    case "respondMessage" -> {
                        status = (Integer) args[0];
                        body = io.portico.plugin.Bodies.jsonMessage((String) args[1]);
                        yield null;
                    }
                    case "responded" -> status != 0;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
