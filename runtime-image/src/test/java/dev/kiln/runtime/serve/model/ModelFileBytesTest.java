package dev.kiln.runtime.serve.model;

import dev.kiln.runtime.serve.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class ModelFileBytesTest {

    @Test
    void aGzipModelOpensLikeThePlainFile(@TempDir Path dir) throws Exception {
        Path plain = TestModels.classifier("gzip-classifier.onnx", 1);
        Path gzip = dir.resolve("model.onnx.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            Files.copy(plain, out);
        }

        assertThat(ModelFileBytes.isGzip(plain)).isFalse();
        assertThat(ModelFileBytes.isGzip(gzip)).isTrue();
        try (LoadedModel fromPlain = LoadedModel.open(plain, ExecutionProvider.CPU, 1);
             LoadedModel fromGzip = LoadedModel.open(gzip, ExecutionProvider.CPU, 1)) {
            assertThat(fromGzip.signature()).usingRecursiveComparison().isEqualTo(fromPlain.signature());
            assertThat(fromGzip.warmUp(2, () -> true)).isTrue();
        }
    }
}
