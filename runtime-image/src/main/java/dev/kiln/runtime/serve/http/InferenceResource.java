package dev.kiln.runtime.serve.http;

import dev.kiln.runtime.serve.dataplane.DataPlane;
import dev.kiln.runtime.serve.dataplane.InferenceResult;
import dev.kiln.runtime.serve.model.ModelSignature;
import dev.kiln.runtime.serve.model.TensorSpec;
import dev.kiln.runtime.serve.protocol.EncodedResponse;
import dev.kiln.runtime.serve.protocol.InferRequestReader;
import dev.kiln.runtime.serve.protocol.InferResponseWriter;
import dev.kiln.runtime.serve.protocol.ProtocolException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** The Open Inference Protocol (KServe v2) REST endpoints. */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class InferenceResource {

    static final String HEADER_LENGTH = "Inference-Header-Content-Length";

    /** Metadata as the protocol shapes it. */
    public record ServerMetadata(String name, String version, List<String> extensions) {
    }

    public record TensorMetadata(String name, String datatype, long[] shape) {
    }

    public record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
                                List<TensorMetadata> outputs) {
    }

    private final InferRequestReader reader = new InferRequestReader();
    private final InferResponseWriter writer = new InferResponseWriter();

    @Inject
    DataPlane dataPlane;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    @GET
    public ServerMetadata server() {
        return new ServerMetadata("kiln", version, List.of("binary_tensor_data"));
    }

    @GET
    @Path("/health/live")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("/health/ready")
    public Response ready() {
        return dataPlane.ready() ? Response.ok(Map.of("ready", true)).build()
                : ErrorBody.of(503, "model '" + dataPlane.modelName() + "' is not ready yet (loading or stopping)");
    }

    @GET
    @Path("/models/{name}")
    public ModelMetadata model(@PathParam("name") String name) {
        ModelSignature signature = dataPlane.signature(name);
        return new ModelMetadata(name, List.of(dataPlane.modelVersion()), "onnxruntime_onnx",
                metadata(signature.inputs()), metadata(signature.outputs()));
    }

    private static List<TensorMetadata> metadata(List<TensorSpec> specs) {
        List<TensorMetadata> tensors = new ArrayList<>();
        for (TensorSpec spec : specs) {
            tensors.add(new TensorMetadata(spec.name(), spec.datatype().name(), spec.shape()));
        }
        return tensors;
    }

    @GET
    @Path("/models/{name}/ready")
    public Response modelReady(@PathParam("name") String name) {
        dataPlane.checkName(name);
        return dataPlane.ready() ? Response.ok(Map.of("name", name, "ready", true)).build()
                : ErrorBody.of(503, "model '" + name + "' is not ready yet (loading or stopping)");
    }

    @POST
    @Path("/models/{name}/infer")
    public CompletionStage<Response> infer(@PathParam("name") String name, @HeaderParam(HEADER_LENGTH) String headerLength,
                                           byte[] body) {
        var request = reader.read(body == null ? new byte[0] : body, parseHeaderLength(headerLength));
        // Encode on the request's event loop, not on the thread that runs the model.
        Context context = Vertx.currentContext();
        Executor encodeOn = context != null ? task -> context.runOnContext(ignored -> task.run()) : Runnable::run;
        return dataPlane.infer(name, request).handleAsync((result, failure) ->
                failure != null ? ErrorBody.of(failure) : encode(result), encodeOn);
    }

    private Response encode(InferenceResult result) {
        EncodedResponse encoded = writer.write(dataPlane.modelName(), dataPlane.modelVersion(), result.request().id(),
                new ArrayList<>(result.outputs().values()), result.request().binaryOutputs());
        if (encoded.headerLength().isEmpty()) {
            return Response.ok(encoded.body(), MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Response.ok(encoded.body(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HEADER_LENGTH, encoded.headerLength().getAsInt()).build();
    }

    private static OptionalInt parseHeaderLength(String value) {
        if (value == null || value.isBlank()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw ProtocolException.badRequest(HEADER_LENGTH + " is '" + value + "'; it must be the JSON header's byte count");
        }
    }
}
