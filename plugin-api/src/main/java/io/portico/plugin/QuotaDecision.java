package io.portico.plugin;

/**
 * The answer of {@link SharedState#consume}.
 *
 * @param allowed  whether the cost was consumed from every quota
 * @param used     per quota (in the order given, every one checked), how much was used including this request when
 *                 allowed, before it when refused
 * @param refused  the index of the first quota that refused, or -1
 */
public record QuotaDecision(boolean allowed, long[] used, int refused) {
}
