import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Summarises the CPU samples ({@code jdk.ExecutionSample}) of a JFR recording: where the time goes, by code area
 * (each sample counted once for every area its stack passes through), then the hottest methods by self time and
 * by inclusive time. Run as a single-file program: {@code java bench/JfrTop.java recording.jfr [top]}.
 */
public final class JfrTop {
    /** Code areas, first match wins per frame; a sample counts once per area on its stack. */
    private static final List<String[]> AREAS = List.of(
            new String[]{"io.portico.runtime.upstream.", "Portico upstream client (io.portico.runtime.upstream)"},
            new String[]{"io.portico.runtime.proxy.UpstreamClient", "Portico UpstreamClient"},
            new String[]{"io.portico.runtime.router.", "Portico router"},
            new String[]{"io.portico.runtime.proxy.RequestCycle", "Portico RequestCycle (plugin phases, upstream call, answer)"},
            new String[]{"io.portico.runtime.proxy.ProxyHandler", "Portico ProxyHandler (headers in, route, exchange)"},
            new String[]{"io.portico.runtime.proxy.GuardedConnection", null}, // the listener's base frame
            new String[]{"io.portico.runtime.gateway.", null}, // wrappers around the handler
            new String[]{"io.portico.runtime.plugin.", "Portico plugin chain"},
            new String[]{"io.portico.plugins.", "bundled plugins"},
            new String[]{"io.portico.", "Portico (other)"},
            new String[]{"io.helidon.webclient.", "Helidon webclient"},
            new String[]{"io.helidon.webserver.", "Helidon webserver"},
            new String[]{"io.helidon.http.", "Helidon http (headers, parsing)"},
            new String[]{"io.helidon.common.buffers.", "Helidon buffers"},
            new String[]{"io.helidon.", "Helidon (other)"},
            new String[]{"sun.nio.ch.", "JDK socket I/O (sun.nio.ch)"},
            new String[]{"java.net.", "JDK java.net"},
            new String[]{"sun.security.", "JDK TLS/security"},
            new String[]{"java.util.concurrent.", "JDK j.u.concurrent"},
            new String[]{"java.lang.VirtualThread", "JDK virtual threads"},
            new String[]{"jdk.internal.vm.Continuation", "JDK virtual threads"});

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java JfrTop.java recording.jfr [top]");
            System.exit(2);
        }
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> areas = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                    continue;
                }
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                samples++;
                self.merge(name(frames.getFirst().getMethod()), 1, Integer::sum);
                Set<String> seenMethods = new HashSet<>();
                Set<String> seenAreas = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String m = name(f.getMethod());
                    if (seenMethods.add(m)) {
                        inclusive.merge(m, 1, Integer::sum);
                    }
                    String area = area(m);
                    if (area != null && seenAreas.add(area)) {
                        areas.merge(area, 1, Integer::sum);
                    }
                }
            }
        }
        System.out.printf("%d CPU samples (jdk.ExecutionSample)%n", samples);
        print("by code area (inclusive: a sample counts for every area on its stack)", areas, samples, top);
        print("hottest methods, self time", self, samples, top);
        // Frames on (nearly) every stack are the threads' bases (continuation, connection loop): not informative.
        int all = samples;
        inclusive.values().removeIf(n -> n >= 0.9 * all);
        print("hottest methods, inclusive time (without the frames on 90%+ of the stacks)", inclusive, samples, top);
    }

    private static String name(RecordedMethod m) {
        return m == null ? "?" : m.getType().getName() + "." + m.getName();
    }

    private static String area(String method) {
        for (String[] a : AREAS) {
            if (method.startsWith(a[0])) {
                return a[1]; // null: deliberately in no area
            }
        }
        return null;
    }

    private static void print(String title, Map<String, Integer> counts, int total, int top) {
        System.out.println();
        System.out.println("## " + title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf("%5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(total, 1), e.getKey()));
    }
}
