package dev.kiln.sandbox.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;

/**
 * One revision of the quickstart: the manifest a GitOps repository would hold after its commit, and what the
 * demo expects to happen to it.
 *
 * @param number   1-based, in apply order
 * @param title    what the commit is about, for the screen
 */
public record QuickstartRevision(int number, Path file, String title, ObjectNode manifest, Expectation expectation) {

    public String name() {
        return manifest.at("/metadata/name").asText();
    }

    public JsonNode spec() {
        return manifest.path("spec");
    }

    /** The merge patch body that moves a ModelDeployment from {@code previous}'s spec to this one's. */
    public ObjectNode specPatchFrom(QuickstartRevision previous) {
        ObjectNode body = manifest.objectNode();
        body.set("spec", SpecDiff.mergePatch(previous.spec(), spec()));
        return body;
    }

    /** The changed fields, one line each, as {@code spec.model.uri: a -> b}. */
    public List<String> changesFrom(QuickstartRevision previous) {
        return SpecDiff.changes("spec", previous.spec(), spec());
    }
}
