package dev.kiln.runtime.serve.dataplane;

import dev.kiln.runtime.serve.tensor.Shapes;
import dev.kiln.runtime.serve.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stacks requests along the first dimension and splits outputs back; pure byte work, row-major. */
final class BatchAssembly {

    private BatchAssembly() {
    }

    /** One input map for the whole batch; all requests must share a stack key. */
    static Map<String, Tensor> stack(List<ValidatedRequest> requests) {
        Map<String, Tensor> stacked = new LinkedHashMap<>();
        long rows = requests.stream().mapToLong(ValidatedRequest::rows).sum();
        for (String name : requests.get(0).inputs().keySet()) {
            Tensor first = requests.get(0).inputs().get(name);
            int bytes = requests.stream().mapToInt(r -> r.inputs().get(name).byteSize()).sum();
            ByteBuffer data = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            for (ValidatedRequest request : requests) {
                data.put(request.inputs().get(name).data().duplicate());
            }
            stacked.put(name, new Tensor(name, first.datatype(), Shapes.withRows(first.shape(), rows), data.flip()));
        }
        return stacked;
    }

    /**
     * Each request's slice of the outputs, in request order. Throws {@link IllegalStateException} when an output's
     * first dimension is not the batch (a model whose outputs do not follow its inputs' rows cannot be split).
     */
    static List<Map<String, Tensor>> split(Map<String, Tensor> outputs, List<ValidatedRequest> requests) {
        long rows = requests.stream().mapToLong(ValidatedRequest::rows).sum();
        List<Map<String, Tensor>> parts = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            parts.add(new LinkedHashMap<>());
        }
        for (Tensor output : outputs.values()) {
            if (output.shape().length == 0 || output.shape()[0] != rows) {
                throw new IllegalStateException("output '" + output.name() + "' has shape " + Shapes.format(output.shape())
                        + ", not " + rows + " rows for a batch of " + rows);
            }
            int rowBytes = rows == 0 ? 0 : (int) (output.byteSize() / rows);
            int offset = output.data().position();
            for (int i = 0; i < requests.size(); i++) {
                long requestRows = requests.get(i).rows();
                ByteBuffer slice = output.data().duplicate();
                slice.position(offset).limit(offset + (int) (requestRows * rowBytes));
                parts.get(i).put(output.name(), new Tensor(output.name(), output.datatype(),
                        Shapes.withRows(output.shape(), requestRows), slice.slice()));
                offset += (int) (requestRows * rowBytes);
            }
        }
        return parts;
    }
}
