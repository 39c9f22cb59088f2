package io.portico.runtime.testing.plugins;

import io.portico.plugin.BodyFilter;
import io.portico.plugin.BodyMode;
import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Body test plugins: {@code upper-buffered} upper-cases the whole response body; {@code upper-stream} does it chunk
 * by chunk and appends "!" at the end; {@code request-size} buffers the request body and sends its length upstream
 * in X-Body-Length (and "too-large" when over the limit); {@code request-append} streams the request body upstream
 * with "+" appended.
 */
public final class BodyPlugins {
    private BodyPlugins() {
    }

    public record NoConfig() {
    }

    abstract static class Factory implements PluginFactory<NoConfig> {
        @Override
        public int priority() {
            return 800;
        }

        @Override
        public Class<NoConfig> configType() {
            return NoConfig.class;
        }
    }

    public static final class UpperBuffered extends Factory {
        public String name() {
            return "upper-buffered";
        }

        public Plugin create(NoConfig c, PluginContext ctx) {
            return new Plugin() {
                public BodyMode responseBodyMode() {
                    return BodyMode.BUFFERED;
                }

                public void body(Exchange ex) {
                    if (ex.response().bodyTooLarge()) {
                        ex.response().setHeader("X-Too-Large", "true");
                        return;
                    }
                    String text = new String(ex.response().body(), StandardCharsets.UTF_8);
                    ex.response().setBody(text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
                }
            };
        }
    }

    public static final class UpperStream extends Factory {
        public String name() {
            return "upper-stream";
        }

        public Plugin create(NoConfig c, PluginContext ctx) {
            return new Plugin() {
                public BodyMode responseBodyMode() {
                    return BodyMode.STREAMING;
                }

                public BodyFilter responseBodyFilter(Exchange ex) {
                    return new BodyFilter() {
                        public ByteBuffer chunk(ByteBuffer chunk) {
                            byte[] bytes = new byte[chunk.remaining()];
                            chunk.get(bytes);
                            return ByteBuffer.wrap(new String(bytes, StandardCharsets.ISO_8859_1)
                                    .toUpperCase(Locale.ROOT).getBytes(StandardCharsets.ISO_8859_1));
                        }

                        public ByteBuffer end() {
                            return ByteBuffer.wrap("!".getBytes(StandardCharsets.US_ASCII));
                        }
                    };
                }
            };
        }
    }

    public static final class RequestSize extends Factory {
        public String name() {
            return "request-size";
        }

        public Plugin create(NoConfig c, PluginContext ctx) {
            return new Plugin() {
                public BodyMode requestBodyMode() {
                    return BodyMode.BUFFERED;
                }

                public void access(Exchange ex) {
                    ex.request().setHeader("X-Body-Length", ex.request().bodyTooLarge() ? "too-large"
                            : Integer.toString(ex.request().body().length));
                }
            };
        }
    }

    public static final class RequestAppend extends Factory {
        public String name() {
            return "request-append";
        }

        public Plugin create(NoConfig c, PluginContext ctx) {
            return new Plugin() {
                public BodyMode requestBodyMode() {
                    return BodyMode.STREAMING;
                }

                public BodyFilter requestBodyFilter(Exchange ex) {
                    return new BodyFilter() {
                        public ByteBuffer chunk(ByteBuffer chunk) {
                            return chunk;
                        }

                        public ByteBuffer end() {
                            return ByteBuffer.wrap("+".getBytes(StandardCharsets.US_ASCII));
                        }
                    };
                }
            };
        }
    }
}
