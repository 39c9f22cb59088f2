package io.portico.runtime.state;

import io.portico.runtime.Digests;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.util.ArrayList;
import java.util.List;

/** A Lua script called by its SHA; loaded (by EVAL) the first time a Redis node does not know it. */
final class LuaScript {
    private final String text;
    private final String sha;

    LuaScript(String text) {
        this.text = text;
        this.sha = Digests.hex("SHA-1", text);
    }

    /** One call of the script: its keys and arguments. */
    record Call(List<String> keys, List<String> args) {
    }

    Object run(UnifiedJedis client, Call call) {
        try {
            return client.evalsha(sha, call.keys(), call.args());
        } catch (JedisNoScriptException e) {
            return client.eval(text, call.keys(), call.args());
        }
    }

    /** Several calls in one pipelined round trip (one call: a plain one); answers in order. */
    List<Object> runAll(UnifiedJedis client, List<Call> calls) {
        if (calls.size() == 1) {
            return List.of(run(client, calls.getFirst()));
        }
        List<Response<Object>> replies = new ArrayList<>(calls.size());
        try (AbstractPipeline pipeline = client.pipelined()) {
            for (Call c : calls) {
                replies.add(pipeline.evalsha(sha, c.keys(), c.args()));
            }
            pipeline.sync();
        }
        List<Object> answers = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            try {
                answers.add(replies.get(i).get());
            } catch (JedisDataException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
                    throw e;
                }
                // A node that does not know the script yet (first use, or restarted): EVAL loads it there.
                answers.add(run(client, calls.get(i)));
            }
        }
        return answers;
    }
}
