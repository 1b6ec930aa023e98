package io.klarsyn.generator;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link Generator#generate} wrote. Row counts are data rows (header excluded) and include
 * injected faulty rows; {@code faultRows} gives those per file ("customers.csv", ...).
 */
public record GenerationSummary(Path outDir, Path customersFile, Path transactionsFile, Path responsesFile,
                                Path truthFile, long customers, long transactions, long responses,
                                Map<String, Long> faultRows, long elapsedMillis) {
}
