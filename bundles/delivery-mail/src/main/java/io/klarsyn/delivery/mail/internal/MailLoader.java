package io.klarsyn.delivery.mail.internal;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A class loader over several bundles' loaders, in order: a class or resource is taken from the first that has it,
 * {@link #getResources} gives every one's. The JDK's classes come first, as from any loader with the bootstrap loader
 * as parent. Used as the thread's context class loader while mail is built and sent (see {@code MailChannel}): Jakarta
 * Mail and Jakarta Activation look their providers up with {@code ServiceLoader} and {@code getResources} on it.
 */
final class MailLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final List<ClassLoader> loaders;

    MailLoader(List<ClassLoader> loaders) {
        super("klarsyn-mail", null);
        this.loaders = List.copyOf(loaders);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (ClassLoader l : loaders) {
            try {
                return l.loadClass(name);
            } catch (ClassNotFoundException e) {
                // the next one may have it
            }
        }
        throw new ClassNotFoundException(name + " (in none of " + loaders + ")");
    }

    @Override
    protected URL findResource(String name) {
        for (ClassLoader l : loaders) {
            URL url = l.getResource(name);
            if (url != null) {
                return url;
            }
        }
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        List<URL> all = new ArrayList<>();
        for (ClassLoader l : loaders) {
            all.addAll(Collections.list(l.getResources(name)));
        }
        return Collections.enumeration(all);
    }
}
