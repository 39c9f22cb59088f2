package io.portico.runtime.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Sends many requests, some at once, and counts the answers by status: {@code {200=100, 429=200}}. */
public final class StatusCounts {
    private StatusCounts() {
    }

    /** The i-th request's status. */
    public interface Request {
        int send(int i) throws Exception;
    }

    /** {@code total} requests, {@code parallel} at a time. */
    public static Map<Integer, Integer> of(int total, int parallel, Request request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                int n = i;
                sent.add(pool.submit(() -> request.send(n)));
            }
            Map<Integer, Integer> counts = new TreeMap<>();
            for (Future<Integer> f : sent) {
                counts.merge(f.get(), 1, Integer::sum);
            }
            return counts;
        } finally {
            pool.shutdown();
        }
    }
}
