package org.ketaminecds.fhir.cdshooks;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The default {@link FeedbackSink}: JSON lines appended to a file and forced to disk, one record at a time. */
public final class FileFeedbackSink implements FeedbackSink, Closeable {

    private final Path file;
    private final FileChannel channel;

    FileFeedbackSink(Path file) throws IOException {
        this.file = file.toAbsolutePath();
        Path parent = this.file.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.channel = FileChannel.open(this.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void accept(FeedbackRecord feedback) throws IOException {
        ByteBuffer line = ByteBuffer.wrap((CdsHooksJson.write(feedback) + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
            channel.write(line);
        }
        channel.force(false); // on disk before the client hears "200"
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
