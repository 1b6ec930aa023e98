package io.klarsyn.launcher;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.stream.Stream;

/**
 * Calls the synthetic data generator ({@code io.klarsyn.generator.Generator.generate(GeneratorOptions, Path)})
 * from lib/ without a compile-time link, so the launcher builds and runs its other verbs even when the
 * generator module is not there. Options are set through {@code GeneratorOptions.defaults()} and its
 * {@code withX(...)} methods; an option the generator does not offer is named in the error.
 */
final class GeneratorBridge {

    /** What was written: counts taken from the files themselves, and the last month of data. */
    record Summary(Path dir, long customers, long transactions, long responses, YearMonth lastMonth) {
    }

    private final Class<?> optionsType;
    private Object options;
    private YearMonth end = YearMonth.now().minusMonths(1);

    GeneratorBridge() {
        try {
            optionsType = Class.forName("io.klarsyn.generator.GeneratorOptions");
            options = optionsType.getMethod("defaults").invoke(null);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException("the data generator (klarsyn-generator, io.klarsyn.generator.GeneratorOptions.defaults())"
                    + " is not in lib/ of this build");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the data generator failed: " + KlarsynRuntime.oneLine(cause(e)));
        }
        set("withEnd", YearMonth.class, end);
    }

    GeneratorBridge with(String method, Class<?> type, Object value) {
        set(method, type, value);
        if (method.equals("withEnd")) {
            end = (YearMonth) value;
        }
        return this;
    }

    private void set(String method, Class<?> type, Object value) {
        Method m = find(method, type);
        if (m == null) {
            throw new IllegalArgumentException("this generator has no option " + method + "(" + type.getSimpleName() + ")");
        }
        try {
            options = m.invoke(options, value);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException("the data generator rejected " + method + ": " + KlarsynRuntime.oneLine(c));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the data generator's " + method + " is not public");
        }
    }

    private Method find(String name, Class<?> type) {
        for (Method m : optionsType.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 1) {
                Class<?> p = m.getParameterTypes()[0];
                if (p == type || type == int.class && p == long.class) {
                    return m;
                }
            }
        }
        return null;
    }

    Summary generate(Path dir) throws IOException {
        try {
            Class<?> gen = Class.forName("io.klarsyn.generator.Generator");
            Object summary = gen.getMethod("generate", optionsType, Path.class).invoke(null, options, dir);
            long[] counts = new long[3];
            String[] names = {"customers", "transactions", "responses"};
            for (int i = 0; i < 3; i++) {
                try {
                    counts[i] = ((Number) summary.getClass().getMethod(names[i]).invoke(summary)).longValue();
                } catch (ReflectiveOperationException | RuntimeException e) {
                    counts[i] = rows(dir, names[i] + ".csv");
                }
            }
            return new Summary(dir, counts[0], counts[1], counts[2], end);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException("the data generator failed: " + KlarsynRuntime.oneLine(c));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the data generator has no Generator.generate(GeneratorOptions, Path)");
        }
    }

    private static long rows(Path dir, String file) throws IOException {
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(p, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return Math.max(0, lines.count() - 1);
        }
    }

    private static Throwable cause(Throwable e) {
        return e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
    }
}
