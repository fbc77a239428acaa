package dev.kiln.sandbox.demo;

import dev.kiln.sandbox.SandboxStack;
import dev.kiln.sandbox.StackOptions;
import dev.kiln.sandbox.StopOnExit;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The README's main command: starts the sandbox, serves the quickstart's first revision, then rolls out a
 * regressing revision (rolled back) and a good one (promoted) under load, showing each step as it happens.
 */
@CommandLine.Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the quickstart on a sandbox: examples/quickstart.yaml, then its revisions 2 (rolled back) "
                + "and 3 (promoted) under load through the gateway. Exit code 0 when all of that happened.")
public class DemoCommand implements Callable<Integer> {

    /** Exit code when the story did not happen as expected. */
    static final int NOT_AS_EXPECTED = 1;
    /** Exit code after Ctrl-C. */
    static final int INTERRUPTED = 130;

    @CommandLine.Option(names = "--kubeconfig",
            description = "Where to write the sandbox's kubeconfig (default: kiln-demo/kubeconfig in the temporary folder).")
    Path kubeconfig = Path.of(System.getProperty("java.io.tmpdir"), "kiln-demo", "kubeconfig");

    @CommandLine.Option(names = "--model",
            description = "The PP-OCR text-orientation model (default: the cache of build-tools/fetch-models.sh).")
    Path model = Path.of(System.getProperty("user.home"), ".cache", "kiln", "models", "ch_ppocr_mobile_v2.0_cls_infer.onnx");

    @CommandLine.Option(names = "--rate", defaultValue = "16",
            description = "Inference requests per second through the gateway (default: ${DEFAULT-VALUE}).")
    double rate;

    @CommandLine.Option(names = "--validation-images", defaultValue = "60",
            description = "Size of the generated validation set (default: ${DEFAULT-VALUE}).")
    int validationImages;

    @CommandLine.Mixin
    StackOptions stackOptions;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = System.out;
        List<QuickstartRevision> revisions = QuickstartScript.load(stackOptions.examples());
        SandboxStack.Settings settings = stackOptions.settings(kubeconfig);
        long start = System.nanoTime();
        try (StopOnExit stop = StopOnExit.register()) {
            Path dataDir = settings.dataDir();
            createDirectories(dataDir);
            DemoData.placeModel(model, dataDir, revisions);
            Path validation = DemoData.generateValidationSet(stackOptions.runtimeJar(), dataDir, revisions.get(0),
                    validationImages, dataDir.resolve("logs").resolve("dataset.log"));
            out.println("model: " + model + " on the sandbox PVC 'models' (one copy per revision's model.uri)");
            out.println("validation set: " + validation + " (rendered text lines, 0/ upright, 1/ turned 180 degrees)");
            SandboxStack stack = stop.add(SandboxStack.start(settings, out::println));
            DemoTraffic traffic = stop.add(GatewayTraffic.create(revisions.get(0), validation, rate));
            printKubectlHints(out, stack.gateway().url(), revisions.get(0));
            List<RevisionOutcome> outcomes = new DemoRun(stack.cluster().apiServer(), stack.gateway().url(), revisions,
                    traffic, out, DemoRun.Timing.standard(), stop::stopping).run();
            if (stop.stopping()) {
                return INTERRUPTED;
            }
            traffic.close();
            List<String> problems = DemoVerdict.problems(outcomes, revisions.size(), traffic.sent(), traffic.failed());
            out.println();
            out.println("load through the gateway: " + traffic.describe());
            out.println(String.format(java.util.Locale.ROOT, "demo took %d s", Duration.ofNanos(System.nanoTime() - start).toSeconds()));
            if (problems.isEmpty()) {
                out.println("demo: OK: revision 1 served, revision 2 rolled back automatically, revision 3 promoted, "
                        + "no failed request");
            } else {
                problems.forEach(p -> out.println("demo: FAILED: " + p));
                out.println("operator log: " + stack.operator().log());
            }
            out.println("stopping the sandbox...");
            return problems.isEmpty() ? 0 : NOT_AS_EXPECTED;
        }
    }

    private void printKubectlHints(PrintStream out, String gateway, QuickstartRevision first) {
        String name = first.name();
        out.println();
        out.println("While it runs, in another terminal (kubectl from the kubernetes-client package works):");
        out.println("  export KUBECONFIG=" + kubeconfig.toAbsolutePath());
        out.println("  kubectl get md -w                      # phase, revisions, canary weight as they change");
        out.println("  kubectl get pods -o wide               # pods on the simulated nodes, with their pod IPs");
        out.println("  kubectl get md " + name + " -o yaml      # status.optimization.variants, status.rollout.lastAnalysis");
        out.println("  kubectl get events                     # RolledBack, Promoted, AnalysisMeasurementFailed");
        out.println("  curl -s " + gateway + "/v2/models/" + first.spec().at("/model/name").asText() + "   # the model's metadata, through the gateway");
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}
