package io.portico.plugins.consumerauth;

import io.portico.plugin.Consumer;
import io.portico.plugin.ConsumerCredential;
import io.portico.plugin.PluginContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link PluginContext} with consumers and credentials given by the test. */
public final class TestContext implements PluginContext {
    private final String pluginName;
    private final String scope;
    private final Map<String, Consumer> consumers = new LinkedHashMap<>();
    private final List<ConsumerCredential> credentials = new ArrayList<>();

    public TestContext(String pluginName, String scope) {
        this.pluginName = pluginName;
        this.scope = scope;
    }

    public TestContext(String pluginName) {
        this(pluginName, "route \"r\"");
    }

    public Consumer consumer(String username, String... groups) {
        return consumers.computeIfAbsent(username,
                name -> new Consumer("id-" + name, name, null, List.of(groups)));
    }

    public TestContext credential(String username, String kind, Map<String, Object> fields) {
        Consumer consumer = consumer(username);
        credentials.add(new ConsumerCredential(consumer, kind, kind + "-" + credentials.size(), fields, 7));
        return this;
    }

    @Override
    public String pluginName() {
        return pluginName;
    }

    @Override
    public String scope() {
        return scope;
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("test");
    }

    @Override
    public Optional<Consumer> findConsumer(String idOrUsername) {
        return consumers.values().stream()
                .filter(c -> c.id().equals(idOrUsername) || idOrUsername.equals(c.username()))
                .findFirst();
    }

    @Override
    public List<ConsumerCredential> credentials(String kind) {
        return credentials.stream().filter(c -> c.kind().equals(kind)).toList();
    }
}
