package io.klarsyn.jobs.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

import org.osgi.service.component.annotations.Component;

import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.JobFiles;

/** {@link JobFiles} by the rules of {@link JobFileReader}, the same the jobs folder is read with. */
@Component(service = JobFiles.class)
public class JobFilesService implements JobFiles {

    @Override
    public JobDefinition read(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("job file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("job file " + file + " cannot be read: " + e.getMessage());
        }
        return JobFileReader.read(file, content);
    }

    @Override
    public Locale locale(String tag) {
        return JobFileReader.locale(tag);
    }

    @Override
    public String currency(String code) {
        return JobFileReader.currency(code);
    }
}
