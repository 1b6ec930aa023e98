package io.klarsyn.launcher;

import java.nio.file.Path;

/**
 * {@code bin/klarsyn}: starts the framework, hands the arguments to the command service and exits
 * with its code (3 when the runtime does not start). Every verb lives in the CLI bundle.
 */
public final class Main {

    private static volatile boolean stopping;

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        // pax-logging's fallback logger prints to stdout at DEBUG (and 2 s slower) unless told otherwise: warnings
        // while serving; errors only in one-shot commands, whose stdout is their output.
        if (System.getProperty("org.ops4j.pax.logging.DefaultServiceLog.level") == null) {
            System.setProperty("org.ops4j.pax.logging.DefaultServiceLog.level",
                    args.length > 0 && args[0].equals("serve") ? "WARN" : "ERROR");
        }
        Path home = Path.of(System.getProperty("klarsyn.home", "."));
        Launcher launcher;
        try {
            launcher = Launcher.start(home, Launcher.FEATURES);
        } catch (Launcher.StartupException e) {
            System.err.println("klarsyn: cannot start: " + e.getMessage());
            System.exit(3);
            return;
        }
        Thread hook = new Thread(() -> {
            stopping = true;
            launcher.close();
        }, "klarsyn-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code;
        try {
            code = launcher.command(args);
        } catch (Launcher.StartupException e) {
            System.err.println("klarsyn: cannot start: " + e.getMessage());
            code = 3;
        }
        System.out.flush();
        if (stopping) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            return;
        }
        launcher.close();
        System.exit(code);
    }
}
