package dev.kiln.contract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShadowSettingsTest {

    @Test
    void roundTripsThroughJson() {
        ShadowSettings settings = new ShadowSettings(URI.create("http://m-canary.ns.svc:8080"), 0.25);
        assertEquals("{\"url\":\"http://m-canary.ns.svc:8080\",\"fraction\":0.25}", settings.toJson());
        assertEquals(settings, ShadowSettings.parse(settings.toJson()));
        assertTrue(settings.mirrors());
    }

    @Test
    void onlyServersOfTheNamedRevisionMirror() {
        ShadowSettings settings = new ShadowSettings(URI.create("http://m-canary.ns.svc:8080"), 0.25, "stable1");
        assertEquals("{\"url\":\"http://m-canary.ns.svc:8080\",\"fraction\":0.25,\"revision\":\"stable1\"}",
                settings.toJson());
        assertEquals(settings, ShadowSettings.parse(settings.toJson()));
        assertEquals(settings, settings.forRevision("stable1"));
        assertEquals(ShadowSettings.OFF, settings.forRevision("canary1"));
        ShadowSettings everyone = new ShadowSettings(URI.create("http://m-canary.ns.svc:8080"), 0.25);
        assertEquals(everyone, everyone.forRevision("canary1"));
    }

    @Test
    void offHasNoUrlAndMirrorsNothing() {
        assertEquals("{\"fraction\":0.0}", ShadowSettings.OFF.toJson());
        assertEquals(ShadowSettings.OFF, ShadowSettings.parse("{\"fraction\": 0}"));
        assertFalse(ShadowSettings.parse("{\"url\":\"http://a:1\",\"fraction\":0}").mirrors());
        assertFalse(ShadowSettings.parse("{\"url\":\"\",\"fraction\":0.5}").mirrors());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json                                  | not JSON",
            "[1]                                       | a JSON object",
            "{\"url\":\"http://a:1\"}                  | fraction is required",
            "{\"url\":\"http://a:1\",\"fraction\":\"x\"} | fraction is required",
            "{\"url\":\"http://a:1\",\"fraction\":1.5}   | fraction must be between 0 and 1, got 1.5",
            "{\"url\":\"ftp://a\",\"fraction\":0.5}     | url must be an http or https URL",
            "{\"url\":\"http://a b\",\"fraction\":0.5}  | url 'http://a b' is not a URL",
            "{\"fraction\":0.5,\"revision\":3}       | revision must be a string",
    })
    void badContentNamesTheFieldAndTheProblem(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShadowSettings.parse(json));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
