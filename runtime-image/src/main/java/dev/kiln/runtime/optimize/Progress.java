package dev.kiln.runtime.optimize;

import java.io.PrintStream;
import java.util.Locale;

/** Progress lines for {@code kubectl logs}: one event per line, with the seconds since the run started. */
public final class Progress {

    private final PrintStream out;
    private final long start = System.nanoTime();

    public Progress(PrintStream out) {
        this.out = out;
    }

    public void line(String format, Object... args) {
        double seconds = (System.nanoTime() - start) / 1e9;
        out.println(String.format(Locale.ROOT, "[optimize %7.1fs] ", seconds) + String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
