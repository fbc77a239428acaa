package dev.kiln.sandbox.demo;

import dev.kiln.sandbox.SandboxStack;
import dev.kiln.sandbox.StopOnExit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The quickstart from start to verdict: the model and a rendered validation set on the sandbox's PVC folders,
 * the sandbox stack, the revisions under load, and what came of them. {@code demo} runs it, and so does the
 * end-to-end test, so both go through the same code.
 */
public final class QuickstartDemo {

    /**
     * @param model            the PP-OCR text-orientation model file
     * @param rate             inference requests per second through the gateway
     * @param validationImages size of the generated validation set
     */
    public record Options(Path model, double rate, int validationImages, DemoRun.Timing timing) {
    }

    /** @param interrupted stopped by Ctrl-C or SIGTERM before the end */
    public record Result(List<RevisionOutcome> outcomes, List<String> problems, String load, boolean interrupted) {
        public boolean asExpected() {
            return !interrupted && problems.isEmpty();
        }
    }

    private QuickstartDemo() {
    }

    /** Runs everything; what it starts is registered with {@code stop}, which the caller closes. */
    public static Result run(SandboxStack.Settings settings, Options options, PrintStream out, StopOnExit stop)
            throws InterruptedException {
        long start = System.nanoTime();
        List<QuickstartRevision> revisions = QuickstartScript.load(settings.examples());
        Path dataDir = settings.dataDir();
        createDirectories(dataDir);
        DemoData.placeModel(options.model(), dataDir, revisions);
        Path validation = DemoData.generateValidationSet(settings.runtimeJar(), dataDir, revisions.get(0),
                options.validationImages(), dataDir.resolve("logs").resolve("dataset.log"));
        out.println("model: " + options.model() + " on the sandbox PVC 'models', at each revision's model.uri");
        out.println("validation set: " + validation + " (rendered text lines: 0/ upright, 1/ turned 180 degrees)");
        SandboxStack stack = stop.add(SandboxStack.start(settings, out::println));
        DemoTraffic traffic = stop.add(GatewayTraffic.create(revisions.get(0), validation, options.rate()));
        // Added last, so it is said first when stopping, at the end or on Ctrl-C.
        stop.add(() -> {
            out.println("stopping: the load, the gateway, the operator and every runtime process it started");
            out.flush();
        });
        printKubectlHints(out, settings.kubeconfig(), stack.gateway().url(), revisions.get(0));
        List<RevisionOutcome> outcomes = new DemoRun(stack.cluster().apiServer(), stack.gateway().url(), revisions,
                traffic, out, options.timing(), stop::stopping).run();
        if (stop.stopping()) {
            return new Result(outcomes, List.of(), traffic.describe(), true);
        }
        traffic.close();
        List<String> problems = DemoVerdict.problems(outcomes, revisions.size(), traffic.sent(), traffic.failed());
        out.println();
        out.println("load through the gateway: " + traffic.describe());
        out.println(String.format(Locale.ROOT, "demo took %d s", Duration.ofNanos(System.nanoTime() - start).toSeconds()));
        if (problems.isEmpty()) {
            out.println("demo: OK: revision 1 served, revision 2 rolled back automatically, revision 3 promoted, "
                    + "no failed request");
        } else {
            problems.forEach(p -> out.println("demo: FAILED: " + p));
            if (stack.operator() != null) {
                out.println("operator log: " + stack.operator().log());
            }
        }
        return new Result(outcomes, problems, traffic.describe(), false);
    }

    private static void printKubectlHints(PrintStream out, Path kubeconfig, String gateway, QuickstartRevision first) {
        String name = first.name();
        out.println();
        out.println("While it runs, in another terminal (kubectl 1.20+, e.g. Debian's kubernetes-client):");
        out.println("  export KUBECONFIG=" + kubeconfig.toAbsolutePath());
        out.println("  kubectl get md -w                 # phase, revisions and canary weight as they change");
        out.println("  kubectl get pods -o wide          # pods on the simulated nodes, with their pod IPs");
        out.println("  kubectl get md " + name + " -o yaml   # status.optimization.variants, status.rollout.lastAnalysis");
        out.println("  kubectl get events                # Promoted, RolledBack, AnalysisMeasurementFailed");
        out.println("  curl -s " + gateway + "/v2/models/" + first.spec().at("/model/name").asText()
                + "   # the model's metadata, through the gateway");
        out.println();
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}
