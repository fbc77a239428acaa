package dev.kiln.operator.reconciler;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.quarkus.test.kubernetes.client.KubernetesServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Installs the committed CRDs in the mock API server before the operator starts, so that the mock knows the
 * status subresource (it validates nothing else).
 */
public class KilnCrdSetup implements Consumer<KubernetesServer> {

    @Override
    public void accept(KubernetesServer server) {
        for (String file : new String[] {"modeldeployments.kiln.dev-v1.yml", "acceleratorclasses.kiln.dev-v1.yml"}) {
            Path crd = Path.of(System.getProperty("kiln.crds.dir", "../crds"), file);
            try (InputStream in = Files.newInputStream(crd)) {
                CustomResourceDefinition definition = server.getClient().getKubernetesSerialization()
                        .unmarshal(in, CustomResourceDefinition.class);
                server.getClient().apiextensions().v1().customResourceDefinitions().resource(definition).create();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + crd, e);
            }
        }
    }
}
