package io.portico.plugins.xmltojson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;

import javax.xml.stream.XMLInputFactory;
import java.io.IOException;
import java.io.StringReader;
import java.util.Iterator;
import java.util.Map;

/**
 * XML documents read into JSON trees and written from them with jackson-dataformat-xml. Reading: the root
 * element's children become the object's fields, attributes fields too, repeated elements an array, an element's
 * text beside attributes the field {@code #text}; every value is a string (XML has no types). DTDs and external
 * entities are refused (no XXE, no entity expansion bombs).
 */
final class XmlDocuments {
    static final String TEXT_FIELD = "#text";
    private static final XmlMapper MAPPER = createMapper();

    private XmlDocuments() {
    }

    private static XmlMapper createMapper() {
        XMLInputFactory input = XMLInputFactory.newFactory();
        input.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        input.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XmlFactory factory = XmlFactory.builder()
                .xmlInputFactory(input)
                .nameForTextElement(TEXT_FIELD)
                .build();
        return XmlMapper.builder(factory)
                .enable(ToXmlGenerator.Feature.WRITE_XML_DECLARATION)
                .build();
    }

    /** The document as a JSON tree: bytes decoded by their declared charset, else by the XML rules. */
    static JsonNode read(MediaType type, byte[] body) throws IOException {
        JsonNode tree = type.charset() == null ? MAPPER.readTree(body)
                : MAPPER.readTree(new StringReader(type.decode(body)));
        if (tree == null || tree.isMissingNode()) {
            throw new IOException("no root element");
        }
        return tree;
    }

    /** The object as an XML document with this root element, UTF-8. */
    static byte[] write(ObjectNode object, String rootElement) {
        try {
            return MAPPER.writer().withRootName(rootElement).writeValueAsBytes(object);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write XML", e);
        }
    }

    /** The first key, at any depth, that cannot be an XML element name, or {@code null}. */
    static String firstInvalidName(JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!XmlToJsonConfig.XML_NAME.matcher(field.getKey()).matches()) {
                    return field.getKey();
                }
                String inner = firstInvalidName(field.getValue());
                if (inner != null) {
                    return inner;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                String inner = firstInvalidName(element);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }
}
