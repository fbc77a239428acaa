package dev.kiln.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a bound pod that runs Kiln's runtime into a local process launch: volumes become folders, paths
 * in args and env are rewritten from mount paths to those folders, the pod IP becomes the HTTP host,
 * and an accelerator execution provider becomes cpu (the sandbox's nodes have no devices). Pure.
 */
public final class LaunchPlanner {

    public static final String EP_OPTION = "--ep";
    public static final String CPU = "cpu";
    static final String DEFAULT_TERMINATION_LOG = "/dev/termination-log";

    private LaunchPlanner() {
    }

    /**
     * @param configMaps ConfigMaps of the pod's namespace by name (empty when missing)
     * @param secrets    Secrets of the pod's namespace by name (empty when missing)
     * @throws LaunchException when a volume cannot be provided; the message names the volume and the fix
     */
    public static LaunchPlan plan(Pod pod, KilnRuntime runtime,
                                  Function<String, Optional<ConfigMap>> configMaps,
                                  Function<String, Optional<Secret>> secrets) {
        return plan(pod, runtime, configMaps, secrets, new ServiceAddresses());
    }

    /** @param services rewrites Service URLs in ConfigMap text and env values to addresses the sandbox serves */
    public static LaunchPlan plan(Pod pod, KilnRuntime runtime,
                                  Function<String, Optional<ConfigMap>> configMaps,
                                  Function<String, Optional<Secret>> secrets, ServiceAddresses services) {
        String ns = pod.getMetadata().getNamespace();
        Container container = pod.getSpec().getContainers().get(0);
        Path podDir = runtime.podDir(ns, pod.getMetadata().getName()).toAbsolutePath();
        List<Path> folders = new ArrayList<>(List.of(podDir));
        Map<Path, byte[]> files = new LinkedHashMap<>();
        // ConfigMap text (a plan file, say) names container paths too; rewritten once the mounts are known.
        Map<Path, String> textFiles = new LinkedHashMap<>();

        Map<String, Path> volumeDirs = new LinkedHashMap<>();
        for (Volume v : pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
            Path dir = podDir.resolve("volumes").resolve(v.getName());
            if (v.getPersistentVolumeClaim() != null) {
                dir = runtime.pvcDir(ns, v.getPersistentVolumeClaim().getClaimName()).toAbsolutePath();
            } else if (v.getConfigMap() != null) {
                String name = v.getConfigMap().getName();
                Optional<ConfigMap> cm = configMaps.apply(name);
                if (cm.isEmpty()) {
                    if (Boolean.TRUE.equals(v.getConfigMap().getOptional())) {
                        folders.add(dir);
                        volumeDirs.put(v.getName(), dir);
                        continue;
                    }
                    throw new LaunchException("volume " + v.getName() + ": ConfigMap " + ns + "/" + name
                            + " not found; create it (the pod starts once it exists)");
                }
                Map<String, byte[]> content = new LinkedHashMap<>();
                if (cm.get().getBinaryData() != null) {
                    cm.get().getBinaryData().forEach((k, val) -> content.put(k, Base64.getDecoder().decode(val)));
                }
                Map<String, byte[]> text = new LinkedHashMap<>();
                if (cm.get().getData() != null) {
                    cm.get().getData().forEach((k, val) -> text.put(k, val.getBytes(StandardCharsets.UTF_8)));
                }
                materialise(dir, content, v.getConfigMap().getItems(), files);
                Map<Path, byte[]> textOut = new LinkedHashMap<>();
                materialise(dir, text, v.getConfigMap().getItems(), textOut);
                textOut.forEach((file, bytes) -> textFiles.put(file, new String(bytes, StandardCharsets.UTF_8)));
            } else if (v.getSecret() != null) {
                String name = v.getSecret().getSecretName();
                Optional<Secret> secret = secrets.apply(name);
                if (secret.isEmpty()) {
                    throw new LaunchException("volume " + v.getName() + ": Secret " + ns + "/" + name
                            + " not found; create it (the pod starts once it exists)");
                }
                Map<String, byte[]> content = new LinkedHashMap<>();
                if (secret.get().getData() != null) {
                    secret.get().getData().forEach((k, val) -> content.put(k, Base64.getDecoder().decode(val)));
                }
                if (secret.get().getStringData() != null) {
                    secret.get().getStringData().forEach((k, val) -> content.put(k, val.getBytes(StandardCharsets.UTF_8)));
                }
                materialise(dir, content, v.getSecret().getItems(), files);
            } else if (v.getEmptyDir() == null) {
                throw new LaunchException("volume " + v.getName() + ": only persistentVolumeClaim, configMap, secret and "
                        + "emptyDir volumes are mapped to local folders in the sandbox; use one of those");
            }
            folders.add(dir);
            volumeDirs.put(v.getName(), dir);
        }

        // Longest mount path first, so /kiln/artifacts/x maps through its own mount, not a parent's.
        Map<String, Path> mounts = new LinkedHashMap<>();
        List<VolumeMount> volumeMounts = container.getVolumeMounts() == null ? List.of() : container.getVolumeMounts();
        for (VolumeMount m : volumeMounts.stream()
                .sorted(Comparator.comparingInt((VolumeMount m) -> m.getMountPath().length()).reversed()).toList()) {
            Path dir = volumeDirs.get(m.getName());
            if (dir == null) {
                throw new LaunchException("volumeMount " + m.getMountPath() + " names volume " + m.getName()
                        + ", which the pod does not define; add it to spec.volumes");
            }
            if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
                dir = dir.resolve(m.getSubPath());
                folders.add(dir);
            }
            mounts.put(stripSlash(m.getMountPath()), dir);
        }
        String terminationPath = container.getTerminationMessagePath() == null
                ? DEFAULT_TERMINATION_LOG : container.getTerminationMessagePath();
        Path terminationLog = podDir.resolve("termination-log");
        mounts.put(terminationPath, terminationLog);

        textFiles.forEach((file, text) -> files.put(file,
                services.rewrite(mapPathsInText(text, mounts)).getBytes(StandardCharsets.UTF_8)));

        List<String> args = new ArrayList<>();
        String requestedEp = null;
        List<String> containerArgs = container.getArgs() == null ? List.of() : container.getArgs();
        for (int i = 0; i < containerArgs.size(); i++) {
            String arg = containerArgs.get(i);
            if (EP_OPTION.equals(arg) && i + 1 < containerArgs.size() && !CPU.equals(containerArgs.get(i + 1))) {
                requestedEp = containerArgs.get(++i);
                args.add(EP_OPTION);
                args.add(CPU);
            } else if (arg.startsWith(EP_OPTION + "=") && !arg.equals(EP_OPTION + "=" + CPU)) {
                requestedEp = arg.substring(EP_OPTION.length() + 1);
                args.add(EP_OPTION + "=" + CPU);
            } else {
                args.add(mapPath(arg, mounts));
            }
        }
        List<String> command = new ArrayList<>(runtime.entrypoint());
        command.addAll(args);

        String podIp = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (podIp == null) {
            throw new LaunchException("pod has no pod IP yet; it starts once bound");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), services.rewrite(mapPath(e.getValue(), mounts)));
            } else if (e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null
                    && "status.podIP".equals(e.getValueFrom().getFieldRef().getFieldPath())) {
                env.put(e.getName(), podIp);
            }
        }
        env.put("QUARKUS_HTTP_HOST", podIp);

        return new LaunchPlan(List.copyOf(command), env, files, folders, podDir,
                podDir.resolve(container.getName() + ".log"), terminationLog,
                readiness(container, podIp), requestedEp);
    }

    /** An argument or env value naming a path under a mount, rewritten to the local folder; also {@code --opt=/path}. */
    static String mapPath(String value, Map<String, Path> mounts) {
        int eq = value.indexOf('=');
        if (value.startsWith("-") && eq > 0) {
            return value.substring(0, eq + 1) + mapPath(value.substring(eq + 1), mounts);
        }
        for (Map.Entry<String, Path> m : mounts.entrySet()) {
            String mount = m.getKey();
            if (value.equals(mount)) {
                return m.getValue().toString();
            }
            if (value.startsWith(mount + "/")) {
                return m.getValue().resolve(value.substring(mount.length() + 1)).toString();
            }
        }
        return value;
    }

    /**
     * Every whole path under a mount inside a text (a JSON plan, a properties file) rewritten to the local
     * folder: the mount path must not be part of a longer word or path ({@code /kiln/artifactsX} stays).
     */
    static String mapPathsInText(String text, Map<String, Path> mounts) {
        if (mounts.isEmpty()) {
            return text;
        }
        // One pass over the text, longest mount first at each position, so a replaced path is never
        // rewritten again by a shorter mount that happens to prefix it (/tmp, say).
        String alternatives = mounts.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote).collect(Collectors.joining("|"));
        Matcher matcher = Pattern.compile("(?<![\\w.\\-/])(" + alternatives + ")(?![\\w.\\-])").matcher(text);
        return matcher.replaceAll(match -> Matcher.quoteReplacement(mounts.get(match.group(1)).toString()));
    }

    private static URI readiness(Container container, String podIp) {
        if (container.getReadinessProbe() == null || container.getReadinessProbe().getHttpGet() == null) {
            return null;
        }
        HTTPGetAction get = container.getReadinessProbe().getHttpGet();
        int port;
        if (get.getPort().getIntVal() != null) {
            port = get.getPort().getIntVal();
        } else {
            String name = get.getPort().getStrVal();
            port = (container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()).stream()
                    .filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort).findFirst()
                    .orElseThrow(() -> new LaunchException("readinessProbe names port " + name
                            + ", which the container does not declare; add it to ports or use a number"));
        }
        String host = get.getHost() == null || get.getHost().isEmpty() ? podIp : get.getHost();
        String path = get.getPath() == null ? "/" : get.getPath();
        return URI.create("http://" + host + ":" + port + (path.startsWith("/") ? path : "/" + path));
    }

    private static void materialise(Path dir, Map<String, byte[]> content, List<KeyToPath> items, Map<Path, byte[]> files) {
        if (items == null || items.isEmpty()) {
            content.forEach((k, bytes) -> files.put(dir.resolve(k), bytes));
            return;
        }
        for (KeyToPath item : items) {
            byte[] bytes = content.get(item.getKey());
            if (bytes != null) {
                files.put(dir.resolve(item.getPath()), bytes);
            }
        }
    }

    private static String stripSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
