package io.portico.runtime.script;

import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ex.ctx}: the request's {@code Exchange.ctx()} map, shared with Java plugins. What a script stores is
 * copied into plain Java values (String, Long, Double, Boolean, List, Map), so Java plugins never see GraalVM
 * types and nothing refers to the script's context once the call is over.
 */
final class CtxProxy implements ProxyObject {
    private final Map<String, Object> map;

    CtxProxy(Map<String, Object> map) {
        this.map = map;
    }

    @Override
    public Object getMember(String key) {
        return toGuest(map.get(key));
    }

    @Override
    public Object getMemberKeys() {
        return ProxyArray.fromArray(map.keySet().toArray());
    }

    @Override
    public boolean hasMember(String key) {
        return map.containsKey(key);
    }

    @Override
    public void putMember(String key, Value value) {
        map.put(key, toHost(value));
    }

    @Override
    public boolean removeMember(String key) {
        return map.remove(key) != null || map.containsKey(key);
    }

    @SuppressWarnings("unchecked")
    private static Object toGuest(Object value) {
        if (value instanceof Map<?, ?> m) {
            return new CtxProxy((Map<String, Object>) m);
        }
        if (value instanceof List<?> l) {
            List<Object> items = new ArrayList<>(l.size());
            l.forEach(item -> items.add(toGuest(item)));
            return ProxyArray.fromList(items);
        }
        return value;
    }

    static Object toHost(Value v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isString()) {
            return v.asString();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.fitsInLong() ? (Object) v.asLong() : (Object) v.asDouble();
        }
        if (v.isHostObject()) {
            return v.asHostObject();
        }
        if (v.isProxyObject() && v.asProxyObject() instanceof CtxProxy ctx) {
            return ctx.map;
        }
        if (v.hasArrayElements()) {
            List<Object> list = new ArrayList<>((int) v.getArraySize());
            for (long i = 0; i < v.getArraySize(); i++) {
                list.add(toHost(v.getArrayElement(i)));
            }
            return list;
        }
        if (v.hasMembers() && !v.canExecute()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (String key : v.getMemberKeys()) {
                map.put(key, toHost(v.getMember(key)));
            }
            return map;
        }
        return v.toString();
    }
}
