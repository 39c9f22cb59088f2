package io.portico.plugin;

import java.util.List;
import java.util.Set;

/** Reading and changing the headers of a request or a response. Names are case-insensitive. */
public interface Headers {

    /** The first value of a header, or {@code null}. */
    String header(String name);

    /** All values of a header, or an empty list. */
    List<String> headers(String name);

    /** The names of all headers present. */
    Set<String> headerNames();

    /** Replaces all values of a header. */
    void setHeader(String name, String value);

    /** Adds a value to a header. */
    void addHeader(String name, String value);

    /** Removes a header. */
    void removeHeader(String name);
}
