package dev.kiln.sandbox.gateway;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's service-addressed paths, {@code /services/<namespace>/<service>:<port>/<path>}: what stands for a
 * Service's cluster DNS name in the sandbox, which has no cluster DNS and no Service IPs. A request there goes to
 * a ready pod that Service selects, with {@code <path>} as its path. Pure.
 */
public final class ServicePath {

    public static final String PREFIX = "/services/";
    private static final Pattern PATH = Pattern.compile(
            "^/services/([a-z0-9][-a-z0-9]*)/([a-z0-9][-a-z0-9]*):(\\d{1,5})(/.*)?$");

    /** @param rest the path the pod sees, starting with {@code /} */
    public record Target(String namespace, String service, int port, String rest) {
    }

    private ServicePath() {
    }

    /** The prefix that stands for {@code http://<service>.<namespace>.svc:<port>}, to be followed by a path. */
    public static String of(String namespace, String service, int port) {
        return PREFIX + namespace + "/" + service + ":" + port;
    }

    public static Optional<Target> parse(String rawPath) {
        Matcher m = PATH.matcher(rawPath);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Target(m.group(1), m.group(2), Integer.parseInt(m.group(3)),
                m.group(4) == null ? "/" : m.group(4)));
    }
}
