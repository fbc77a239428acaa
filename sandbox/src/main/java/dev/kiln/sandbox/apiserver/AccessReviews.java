package dev.kiln.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * Self-subject access and rules reviews ({@code kubectl auth can-i}, and the permission check JOSDK makes
 * before leader election). The sandbox has no RBAC, so every review answers: allowed, everything.
 */
final class AccessReviews {

    static final String GROUP_VERSION = "/apis/authorization.k8s.io/v1/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AccessReviews() {
    }

    /** The answer to a POST of a review, or empty when the path is not one. */
    static Optional<ApiResponse> answer(String rawPath, JsonNode request) {
        ObjectNode review = request != null && request.isObject() ? ((ObjectNode) request).deepCopy() : JSON.createObjectNode();
        review.put("apiVersion", "authorization.k8s.io/v1");
        if (rawPath.equals(GROUP_VERSION + "selfsubjectrulesreviews")) {
            review.put("kind", "SelfSubjectRulesReview");
            ObjectNode status = review.putObject("status");
            ObjectNode rule = status.putArray("resourceRules").addObject();
            rule.putArray("verbs").add("*");
            rule.putArray("apiGroups").add("*");
            rule.putArray("resources").add("*");
            ObjectNode nonResource = status.putArray("nonResourceRules").addObject();
            nonResource.putArray("verbs").add("*");
            nonResource.putArray("nonResourceURLs").add("*");
            status.put("incomplete", false);
            return Optional.of(new ApiResponse(201, review.toString()));
        }
        if (rawPath.equals(GROUP_VERSION + "selfsubjectaccessreviews")) {
            review.put("kind", "SelfSubjectAccessReview");
            review.putObject("status").put("allowed", true).put("reason", "the sandbox has no RBAC");
            return Optional.of(new ApiResponse(201, review.toString()));
        }
        return Optional.empty();
    }
}
