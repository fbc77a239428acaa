package dev.kiln.runtime.serve.shadow;

import dev.kiln.contract.ShadowSettings;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows the live shadow settings file and hands every change to the mirror. The file is read by path on each
 * poll, so a mounted ConfigMap, which Kubernetes updates by swapping a symbolic link to a new folder, is seen
 * whole, old or new, never half written. Polling rather than a WatchService: events on a symbolic link's target
 * folder are not reported for the link's path on every file system.
 */
public final class ShadowConfigWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ShadowConfigWatcher.class);

    /** The settings in force and why, for the log. */
    public record Resolved(ShadowSettings settings, String source, boolean valid) {
    }

    private final Path file;
    private final String revision;
    private final ShadowSettings fallback;
    private final Duration poll;
    private final Consumer<ShadowSettings> apply;
    private ScheduledExecutorService scheduler;
    /** What the file held at the last poll (empty: absent); a poll that reads the same changes nothing. */
    private Optional<String> lastContent;
    private ShadowSettings applied;

    /**
     * @param fallback the static settings (KILN_SHADOW_URL / KILN_SHADOW_FRACTION), in force while the file is absent
     * @param apply    receives the settings in force, once at {@link #start} and after each change
     */
    public ShadowConfigWatcher(Path file, String revision, ShadowSettings fallback, Duration poll,
                               Consumer<ShadowSettings> apply) {
        this.file = file;
        this.revision = revision;
        this.fallback = fallback;
        this.poll = poll;
        this.apply = apply;
    }

    /**
     * What a file's content means to a server of {@code revision}: absent, the static settings; settings for
     * another revision (a canary reading its stable's settings), no mirroring; unreadable or invalid, no
     * mirroring (logged).
     */
    public static Resolved resolve(Path file, String revision, Optional<String> content, ShadowSettings fallback) {
        if (content.isEmpty()) {
            return new Resolved(fallback, file + " is absent: the static settings apply", true);
        }
        try {
            ShadowSettings settings = ShadowSettings.parse(content.get());
            if (!settings.forRevision(revision).equals(settings)) {
                return new Resolved(ShadowSettings.OFF, file + " is for the servers of revision " + settings.revision()
                        + ", this one is " + revision, true);
            }
            return new Resolved(settings, file.toString(), true);
        } catch (IllegalArgumentException e) {
            return new Resolved(ShadowSettings.OFF, file + " is not valid shadow settings (" + e.getMessage()
                    + "); mirroring is off until it is fixed, e.g. {\"url\":\"http://model-canary:8080\",\"fraction\":0.1}",
                    false);
        }
    }

    /** Applies the current settings, then polls the file until closed. */
    public synchronized void start() {
        check();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kiln-shadow-config");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::checkQuietly, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads the file and applies its settings when they changed since the last read. */
    synchronized void check() {
        Optional<String> content;
        String unreadable = null;
        try {
            content = Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            content = Optional.empty();
        } catch (IOException e) {
            unreadable = e.toString();
            content = Optional.of("");
        }
        if (lastContent != null && lastContent.equals(content)) {
            return;
        }
        lastContent = content;
        Resolved resolved = unreadable == null ? resolve(file, revision, content, fallback)
                : new Resolved(ShadowSettings.OFF, file + " cannot be read (" + unreadable + "); mirroring is off", false);
        if (!resolved.valid()) {
            LOG.warn(resolved.source());
        }
        if (Objects.equals(applied, resolved.settings())) {
            return;
        }
        applied = resolved.settings();
        apply.accept(applied);
        if (applied.mirrors()) {
            LOG.infof("mirroring %.1f%% of requests to %s (%s)", 100 * applied.fraction(), applied.url(), resolved.source());
        } else {
            LOG.infof("not mirroring (%s)", resolved.source());
        }
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            // A failed poll must not end the schedule; the next one tries again.
            LOG.warnf(e, "checking %s", file);
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
