package dev.kiln.sandbox.apiserver;

/**
 * One column of server-side table output, as a CRD's additionalPrinterColumns define it.
 *
 * @param type     string, integer, number, boolean or date (dates print as ages)
 * @param priority 0 for the default view, more for {@code -o wide}
 */
public record PrinterColumn(String name, String type, String jsonPath, int priority, String description) {

    public PrinterColumn {
        PrinterJsonPath.compile(jsonPath);
    }
}
