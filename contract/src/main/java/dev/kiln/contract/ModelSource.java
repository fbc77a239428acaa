package dev.kiln.contract;

/**
 * A model file the optimizer reads: the primary model or a candidate.
 *
 * @param name   the name the variant report uses for this model (the served model name for the primary)
 * @param uri    a local file path (a mounted volume) or an {@code https://} URL the optimizer downloads
 * @param sha256 optional hex digest; when present the optimizer refuses a file that does not match
 */
public record ModelSource(String name, String uri, String sha256) {
}
