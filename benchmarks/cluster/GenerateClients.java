import java.nio.file.Path;
import java.time.YearMonth;

import io.klarsyn.generator.Generator;
import io.klarsyn.generator.GeneratorOptions;

/**
 * N distinct synthetic clients in one JVM (a `klarsyn generate` per client starts a framework each time):
 * OUT/c000 … OUT/c{N-1}, each of CUSTOMERS customers, 15 months to END, seed FIRST_SEED + i.
 *
 * <p>java -cp klarsyn-generator-*.jar GenerateClients.java OUT N CUSTOMERS END FIRST_SEED
 */
public class GenerateClients {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int customers = Integer.parseInt(args[2]);
        YearMonth end = YearMonth.parse(args[3]);
        long seed = Long.parseLong(args[4]);
        for (int i = 0; i < n; i++) {
            GeneratorOptions options = GeneratorOptions.defaults().withCustomers(customers).withMonths(15).withEnd(end)
                    .withSeed(seed + i);
            Generator.generate(options, out.resolve("c%03d".formatted(i)));
        }
    }
}
