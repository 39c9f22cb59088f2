package io.portico.plugins.xmltojson;

import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;

/**
 * Portico's {@code xml-to-json}: XML upstream responses to JSON, JSON request bodies to XML. Its priority puts it
 * just above response-transformer (800), so that one sees the converted JSON.
 */
public final class XmlToJsonFactory implements PluginFactory<XmlToJsonConfig> {

    @Override
    public String name() {
        return "xml-to-json";
    }

    @Override
    public int priority() {
        return 802;
    }

    @Override
    public Class<XmlToJsonConfig> configType() {
        return XmlToJsonConfig.class;
    }

    @Override
    public Plugin create(XmlToJsonConfig config, PluginContext context) {
        return new XmlToJsonPlugin(config, context.logger());
    }
}
