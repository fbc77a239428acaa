package dev.kiln.operator.validation;

import java.util.Optional;

/** A {@code pvc://<claim>/<path>} reference: which claim to mount and which file or folder inside it. */
public record StorageUri(String claim, String path) {

    public static final String PVC_SCHEME = "pvc://";

    public static Optional<StorageUri> parse(String uri) {
        if (uri == null || !uri.startsWith(PVC_SCHEME)) {
            return Optional.empty();
        }
        String rest = uri.substring(PVC_SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new StorageUri(rest.substring(0, slash), rest.substring(slash + 1)));
    }
}
