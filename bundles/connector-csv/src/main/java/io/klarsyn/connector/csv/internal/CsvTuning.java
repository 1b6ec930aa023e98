package io.klarsyn.connector.csv.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The CSV connector's tuning: when a file is parsed on a second thread, and when and how a large
 * transactions file is parsed by several threads. Configuration Admin PID {@value #PID} (in a
 * running Klarsyn: {@code etc/io.klarsyn.connector.csv.cfg}); every value has its default, so no
 * configuration is needed. Tuning changes the speed of a read, never what is read.
 */
@ObjectClassDefinition(id = CsvTuning.PID, name = "Klarsyn CSV connector: tuning",
        description = "When the CSV connector parses on other threads than the engine's. Changes speed only, "
                + "never the rows read.")
public @interface CsvTuning {

    /** The Configuration Admin PID of the connector. */
    String PID = "io.klarsyn.connector.csv";

    @AttributeDefinition(name = "Pipeline threshold (bytes)", min = "0",
            description = "Files at least this large are parsed on a second thread while the engine folds the "
                    + "rows; smaller files in the engine's thread. A huge value turns the pipeline off.")
    long pipelineBytes() default 4L << 20;

    @AttributeDefinition(name = "Parallel threshold (bytes)", min = "0",
            description = "Transaction files at least this large are parsed by several threads in parts, "
                    + "when the machine has two cores or more.")
    long parallelBytes() default 32L << 20;

    @AttributeDefinition(name = "Part size (bytes)", min = "1",
            description = "Size of the parts of a transactions file parsed in parallel (cut at line ends).")
    long partBytes() default 1L << 20;

    @AttributeDefinition(name = "Parsing threads", min = "0",
            description = "Threads parsing the parts of a large transactions file; 0 = the machine's cores, at most 4. "
                    + "Fewer than 2 turns parallel parsing off.")
    int parsers() default 0;
}
