package io.portico.runtime.router;

import java.util.List;

/**
 * The request headers as the router needs them: every value of a header, by lower-case name. The server adapts its
 * own header type to this, so the router depends on no HTTP library.
 */
@FunctionalInterface
public interface HeaderLookup {

    /** No headers at all. */
    HeaderLookup NONE = name -> List.of();

    /**
     * @param lowerCaseName a header name in lower case
     * @return every value the request carries for it (one per header line), or an empty list when absent
     */
    List<String> values(String lowerCaseName);
}
