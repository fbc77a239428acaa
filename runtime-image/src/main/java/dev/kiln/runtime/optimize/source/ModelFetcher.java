package dev.kiln.runtime.optimize.source;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.kiln.contract.ModelSource;
import dev.kiln.runtime.optimize.OptimizeException;
import dev.kiln.runtime.optimize.data.InputSpec;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Gets a model onto local disk and checks it: a local path, a {@code file:} URI or an {@code https://} URL
 * (downloaded into the output folder with connect and overall timeouts). Plain {@code http://} is accepted
 * only for loopback hosts, for sidecars and tests. A digest mismatch, a failed download, a missing file or a
 * file that is not an ONNX model is {@link dev.kiln.contract.Outcome#ModelUnavailable}.
 */
public final class ModelFetcher {

    private final Path downloadDir;
    private final Duration connectTimeout;
    private final Duration downloadTimeout;

    public ModelFetcher(Path downloadDir, Duration connectTimeout, Duration downloadTimeout) {
        this.downloadDir = downloadDir;
        this.connectTimeout = connectTimeout;
        this.downloadTimeout = downloadTimeout;
    }

    /** @param field the plan field the source came from, for messages ({@code model}, {@code candidates[0]}) */
    public LoadedModel fetch(ModelSource source, String field) {
        if (source == null || source.uri() == null || source.uri().isBlank()) {
            throw OptimizeException.invalidInput(field + ".uri: missing; give a path to an .onnx file or an https URL");
        }
        String uri = source.uri();
        Path file = isRemote(uri) ? download(uri, field, nameOf(source)) : localPath(uri, field);
        String sha256 = Digests.sha256(file);
        if (source.sha256() != null && !source.sha256().isBlank()
                && !source.sha256().toLowerCase(Locale.ROOT).equals(sha256)) {
            throw OptimizeException.modelUnavailable(field + ".sha256: " + uri + " has sha256 " + sha256 + ", expected "
                    + source.sha256() + "; the file changed or the digest is wrong");
        }
        OnnxMl.ModelProto proto = parse(file, field);
        return new LoadedModel(nameOf(source), file, sha256, sizeOf(file), proto, singleInput(proto, field, file));
    }

    public static String nameOf(ModelSource source) {
        if (source.name() != null && !source.name().isBlank()) {
            return source.name();
        }
        String uri = source.uri();
        String last = uri.substring(uri.lastIndexOf('/') + 1);
        int q = last.indexOf('?');
        if (q >= 0) {
            last = last.substring(0, q);
        }
        return last.toLowerCase(Locale.ROOT).endsWith(".onnx") ? last.substring(0, last.length() - 5) : last;
    }

    private static boolean isRemote(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    private static Path localPath(String uri, String field) {
        Path path;
        try {
            path = uri.startsWith("file:") ? Path.of(new URI(uri)) : Path.of(uri);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw OptimizeException.invalidInput(field + ".uri: '" + uri + "' is not a path, file: URI or https URL");
        }
        if (!Files.isRegularFile(path)) {
            throw OptimizeException.modelUnavailable(field + ".uri: " + path + " does not exist or is not a file; check "
                    + "the path and that its volume is mounted");
        }
        return path;
    }

    private Path download(String uri, String field, String name) {
        URI target;
        try {
            target = new URI(uri);
        } catch (URISyntaxException e) {
            throw OptimizeException.invalidInput(field + ".uri: '" + uri + "' is not a valid URL: " + e.getMessage());
        }
        if ("http".equalsIgnoreCase(target.getScheme()) && !isLoopback(target.getHost())) {
            throw OptimizeException.invalidInput(field + ".uri: plain http is refused for " + uri + "; use https");
        }
        try {
            Files.createDirectories(downloadDir);
            Path file = downloadDir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".onnx");
            Path partial = file.resolveSibling(file.getFileName() + ".part");
            HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpRequest request = HttpRequest.newBuilder(target).timeout(downloadTimeout).GET().build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw OptimizeException.modelUnavailable(field + ".uri: download of " + uri + " answered HTTP "
                            + response.statusCode());
                }
                Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new OptimizeException(dev.kiln.contract.Outcome.ModelUnavailable, field + ".uri: download of " + uri
                    + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OptimizeException.modelUnavailable(field + ".uri: download of " + uri + " was interrupted");
        }
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        try {
            return List.of("localhost", "127.0.0.1", "[::1]", "::1").contains(host)
                    && InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static OnnxMl.ModelProto parse(Path file, String field) {
        OnnxMl.ModelProto proto;
        try (InputStream in = Files.newInputStream(file)) {
            proto = OnnxMl.ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw OptimizeException.modelUnavailable(field + ": " + file + " is not an ONNX model (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw OptimizeException.modelUnavailable(field + ": cannot read " + file + ": " + e.getMessage());
        }
        if (proto.getIrVersion() <= 0 || !proto.hasGraph() || proto.getGraph().getNodeCount() == 0
                || proto.getGraph().getOutputCount() == 0) {
            throw OptimizeException.modelUnavailable(field + ": " + file + " is not an ONNX model (no ir_version or no "
                    + "graph with nodes and outputs)");
        }
        return proto;
    }

    private static InputSpec singleInput(OnnxMl.ModelProto proto, String field, Path file) {
        Set<String> initializers = new HashSet<>();
        proto.getGraph().getInitializerList().forEach(t -> initializers.add(t.getName()));
        List<OnnxMl.ValueInfoProto> inputs = proto.getGraph().getInputList().stream()
                .filter(i -> !initializers.contains(i.getName())).toList();
        if (inputs.size() != 1) {
            throw OptimizeException.invalidInput(field + ": " + file + " has " + inputs.size() + " inputs; the optimizer "
                    + "measures single-input models");
        }
        OnnxMl.ValueInfoProto input = inputs.get(0);
        OnnxMl.TypeProto.Tensor tensor = input.getType().getTensorType();
        if (tensor.getElemType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
            throw OptimizeException.invalidInput(field + ": input '" + input.getName() + "' of " + file
                    + " is not float32; the optimizer feeds float32 tensors");
        }
        long[] dims = tensor.getShape().getDimList().stream()
                .mapToLong(d -> d.hasDimValue() ? d.getDimValue() : -1).toArray();
        return new InputSpec(input.getName(), dims);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw OptimizeException.modelUnavailable("cannot read " + file + ": " + e.getMessage());
        }
    }
}
