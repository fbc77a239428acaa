package dev.kiln.sandbox.kubelet;

import dev.kiln.sandbox.gateway.ServicePath;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Service URLs in what a pod reads ({@code http://<service>.<namespace>.svc[.cluster.local][:<port>]}, in
 * ConfigMap files and env values) rewritten to the sandbox gateway's service-addressed prefix
 * ({@link ServicePath}), since the sandbox has no cluster DNS. Until the gateway's address is known, text is left
 * as it is (the kubelet's volume re-sync rewrites it once it is).
 */
public final class ServiceAddresses {

    private static final Pattern SERVICE_URL = Pattern.compile(
            "http://([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\\.([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\\.svc(?:\\.cluster\\.local)?"
                    + "(?::(\\d{1,5}))?(?![\\w.\\-:])");

    private volatile String gatewayUrl;

    /** Service URLs go through the gateway at this base URL from now on. */
    public void routeThrough(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl.replaceAll("/+$", "");
    }

    public String rewrite(String text) {
        String gateway = gatewayUrl;
        return gateway == null ? text : rewrite(text, gateway);
    }

    static String rewrite(String text, String gatewayUrl) {
        Matcher m = SERVICE_URL.matcher(text);
        return m.replaceAll(match -> Matcher.quoteReplacement(gatewayUrl + ServicePath.of(match.group(2), match.group(1),
                match.group(3) == null ? 80 : Integer.parseInt(match.group(3)))));
    }
}
