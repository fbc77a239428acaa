package dev.kiln.sandbox.apiserver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ResourcePathTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            "/api/v1/nodes,                                                    '', v1, -, nodes, -, -",
            "/api/v1/namespaces/default/pods/p1/status,                        '', v1, default, pods, p1, status",
            "/apis/kiln.dev/v1alpha1/namespaces/ns/modeldeployments/m/status?fieldManager=x&force=true, kiln.dev, v1alpha1, ns, modeldeployments, m, status",
            "/apis/apps/v1/deployments,                                        apps, v1, -, deployments, -, -",
            "/api/v1/namespaces/default,                                       '', v1, -, namespaces, default, -",
            "/api/v1/namespaces,                                               '', v1, -, namespaces, -, -",
            "/apis/kiln.dev/v1alpha1,                                          kiln.dev, v1alpha1, -, -, -, -",
            "/apis/kiln.dev,                                                   kiln.dev, -, -, -, -, -",
    })
    void parses(String uri, String group, String version, String namespace, String resource, String name, String sub) {
        ResourcePath path = ResourcePath.parse(uri);
        assertThat(path.group()).isEqualTo(group);
        assertThat(path.version()).isEqualTo(version);
        assertThat(path.namespace()).isEqualTo(namespace);
        assertThat(path.resource()).isEqualTo(resource);
        assertThat(path.name()).isEqualTo(name);
        assertThat(path.subresource()).isEqualTo(sub);
    }

    @Test
    void storagePathKeepsOnlySelectorsAndDropsSubresourceQueryNoise() {
        ResourcePath path = ResourcePath.parse(
                "/api/v1/namespaces/d/pods?labelSelector=app%3Dx&fieldManager=kubectl&timeoutSeconds=5&watch=true");
        assertThat(path.storagePath()).isEqualTo("/api/v1/namespaces/d/pods?labelSelector=app%3Dx");
        assertThat(path.isWatch()).isTrue();
        assertThat(path.param("timeoutSeconds")).contains("5");
    }

    @Test
    void objectAndCollectionPaths() {
        ResourcePath path = ResourcePath.parse("/apis/kiln.dev/v1alpha1/namespaces/ns/modeldeployments/m/status?x=1");
        assertThat(path.isStatus()).isTrue();
        assertThat(path.objectPath()).isEqualTo("/apis/kiln.dev/v1alpha1/namespaces/ns/modeldeployments/m");
        assertThat(path.collectionPath()).isEqualTo("/apis/kiln.dev/v1alpha1/namespaces/ns/modeldeployments");
    }

    @Test
    void nonApiPathsHaveNoGroup() {
        assertThat(ResourcePath.parse("/version").group()).isNull();
        assertThat(ResourcePath.parse("/openapi/v2").group()).isNull();
    }
}
