package io.klarsyn.generator;

import io.klarsyn.generator.internal.SyntheticClient;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code klarsyn generate}: writes a synthetic client with known ground truth into a folder:
 * customers.csv, transactions.csv, responses.csv (DESIGN §5 canonical model, or a Nordic Excel
 * export when {@link GeneratorOptions#nordic()}) and truth.json (every parameter, the realized
 * counts and the injected faults per file and reason). Deterministic: the same options give
 * byte-identical files. Plain Java; usable outside the OSGi framework.
 */
public final class Generator {
    private Generator() { }

    /** Generates into {@code outDir} (created if missing; the four files are overwritten). */
    public static GenerationSummary generate(GeneratorOptions options, Path outDir) throws IOException {
        return new SyntheticClient(options).write(outDir);
    }
}
