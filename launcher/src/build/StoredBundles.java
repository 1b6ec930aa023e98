import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step of the distribution (run by the launcher's pom with Java's source launcher, never shipped): rewrites
 * every bundle jar copied into the distribution with its entries stored, not deflated.
 *
 * <p>Why: a bundle's class loader reads each class's bytes from its jar, also for the classes the class-data
 * archive holds (the JVM matches those by the bytes' checksum). A server start reads thousands of classes so, and
 * inflating them cost 0.1-0.2 s of CPU at every start on the 2-core machine (docs/BENCHMARKS.md). Stored, a class
 * is one read. The jars in {@code bundles/} grow from 24 to 56 MB; the distribution's zip deflates them anyway.
 *
 * <p>Usage: {@code java StoredBundles.java DIR}: rewrites each {@code DIR/*.jar} in place. Entries keep their
 * order, names, times, comments and contents (signatures stay valid); a jar already stored is left alone.
 */
public final class StoredBundles {

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java StoredBundles.java DIR");
        }
        List<Path> jars = new ArrayList<>();
        try (var list = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
            list.forEach(jars::add);
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException(args[0] + ": no bundle jars");
        }
        int changed = 0;
        for (Path jar : jars) {
            if (store(jar)) {
                changed++;
            }
        }
        System.out.println(args[0] + ": " + changed + " of " + jars.size() + " bundle jars rewritten with stored entries");
    }

    /** @return whether the jar was rewritten (false: all its entries were stored already) */
    static boolean store(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        FileTime modified = Files.getLastModifiedTime(jar);
        try (ZipFile in = new ZipFile(jar.toFile())) {
            if (in.stream().allMatch(e -> e.getMethod() == ZipEntry.STORED)) {
                return false;
            }
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(os)) {
                out.setMethod(ZipOutputStream.STORED);
                if (in.getComment() != null) {
                    out.setComment(in.getComment());
                }
                for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements();) {
                    ZipEntry entry = e.nextElement();
                    byte[] data;
                    try (InputStream is = in.getInputStream(entry)) {
                        data = is.readAllBytes();
                    }
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    ZipEntry copy = new ZipEntry(entry.getName());
                    copy.setMethod(ZipEntry.STORED);
                    copy.setTime(entry.getTime());
                    copy.setSize(data.length);
                    copy.setCompressedSize(data.length);
                    copy.setCrc(crc.getValue());
                    if (entry.getComment() != null) {
                        copy.setComment(entry.getComment());
                    }
                    out.putNextEntry(copy);
                    out.write(data);
                    out.closeEntry();
                }
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(jar, modified);
        return true;
    }
}
