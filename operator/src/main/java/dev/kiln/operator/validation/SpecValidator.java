package dev.kiln.operator.validation;

import dev.kiln.contract.RuntimeContract;
import dev.kiln.operator.api.CandidateModel;
import dev.kiln.operator.api.DataSource;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.ModelDeploymentSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks the CRD schema cannot make. Each problem names the field and the fix; any problem stops the
 * reconcile before anything is created or deleted.
 */
public final class SpecValidator {

    /** Variables Kiln sets on the inference container itself; a user value would contradict the spec. */
    static final Set<String> RESERVED_ENV = Set.of(
            RuntimeContract.Env.MODEL, RuntimeContract.Env.MODEL_NAME, RuntimeContract.Env.PORT,
            RuntimeContract.Env.EXECUTION_PROVIDER, RuntimeContract.Env.REVISION, RuntimeContract.Env.TRACK,
            RuntimeContract.Env.SHADOW_URL, RuntimeContract.Env.SHADOW_FRACTION,
            RuntimeContract.Env.SHADOW_CONFIG_FILE);

    private static final Pattern SERVICE_NAME = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");

    private SpecValidator() {
    }

    public static List<SpecProblem> validate(ModelDeployment md, String defaultImage) {
        List<SpecProblem> problems = new ArrayList<>();
        String name = md.getMetadata().getName();
        if (name != null && !SERVICE_NAME.matcher(name).matches()) {
            problems.add(new SpecProblem("metadata.name",
                    "'" + name + "' also names the Service, so it must be a DNS-1035 label: lower-case letters, "
                            + "digits and '-', starting with a letter; rename the ModelDeployment"));
        }
        ModelDeploymentSpec spec = md.getSpec();
        if (spec == null || spec.model == null) {
            problems.add(new SpecProblem("spec.model", "is required; set uri and name"));
            return problems;
        }
        checkUri("spec.model.uri", spec.model.uri, problems);
        if (spec.candidates != null) {
            for (int i = 0; i < spec.candidates.size(); i++) {
                CandidateModel candidate = spec.candidates.get(i);
                checkUri("spec.candidates[" + i + "].uri", candidate.uri, problems);
            }
        }
        if (spec.optimization != null) {
            checkData("spec.optimization.calibration", spec.optimization.calibration, problems);
            checkData("spec.optimization.validation", spec.optimization.validation, problems);
            checkResources("spec.optimization.resources", spec.optimization.resources, problems);
        }
        if (spec.serving != null) {
            checkResources("spec.serving.resources", spec.serving.resources, problems);
            checkEnv(spec.serving.env, problems);
        }
        RolloutSpecChecks.check(spec.rollout, problems);
        return problems;
    }

    private static void checkData(String field, DataSource data, List<SpecProblem> problems) {
        if (data != null) {
            checkUri(field + ".uri", data.uri, problems);
            checkUri(field + ".labelsUri", data.labelsUri, problems);
        }
    }

    /** A pvc:// path is mounted under a fixed root; climbing out of it would read another volume's files. */
    private static void checkUri(String field, String uri, List<SpecProblem> problems) {
        if (uri == null || !uri.startsWith(StorageUri.PVC_SCHEME)) {
            return;
        }
        StorageUri.parse(uri).ifPresentOrElse(parsed -> {
            for (String segment : parsed.path().split("/")) {
                if (segment.equals("..") || segment.equals(".")) {
                    problems.add(new SpecProblem(field, "'" + uri + "' contains a '" + segment
                            + "' segment; write the path inside the claim without . or .."));
                    return;
                }
            }
        }, () -> problems.add(new SpecProblem(field, "'" + uri + "' is not pvc://<claim>/<path>")));
    }

    private static void checkResources(String field, ResourceRequirements resources, List<SpecProblem> problems) {
        if (resources == null) {
            return;
        }
        Map<String, Quantity> requests = resources.getRequests() == null ? Map.of() : resources.getRequests();
        Map<String, Quantity> limits = resources.getLimits() == null ? Map.of() : resources.getLimits();
        for (var request : requests.entrySet()) {
            Quantity limit = limits.get(request.getKey());
            BigDecimal requested = amount(field + ".requests." + request.getKey(), request.getValue(), problems);
            BigDecimal limited = limit == null ? null : amount(field + ".limits." + request.getKey(), limit, problems);
            if (requested != null && limited != null && requested.compareTo(limited) > 0) {
                problems.add(new SpecProblem(field + ".requests." + request.getKey(),
                        "request " + request.getValue() + " exceeds limit " + limit + "; lower the request or "
                                + "raise the limit"));
            }
        }
        limits.forEach((resource, limit) -> {
            if (!requests.containsKey(resource)) {
                amount(field + ".limits." + resource, limit, problems);
            }
        });
    }

    private static BigDecimal amount(String field, Quantity quantity, List<SpecProblem> problems) {
        try {
            return Quantity.getAmountInBytes(quantity);
        } catch (IllegalArgumentException | ArithmeticException e) {
            problems.add(new SpecProblem(field, "'" + quantity + "' is not a Kubernetes quantity, e.g. 500m or 2Gi"));
            return null;
        }
    }

    private static void checkEnv(List<EnvVar> env, List<SpecProblem> problems) {
        if (env == null) {
            return;
        }
        for (int i = 0; i < env.size(); i++) {
            String name = env.get(i).getName();
            if (RESERVED_ENV.contains(name)) {
                problems.add(new SpecProblem("spec.serving.env[" + i + "].name",
                        name + " is set by Kiln from the spec; remove it (use spec.model or spec.serving instead)"));
            }
        }
    }
}
