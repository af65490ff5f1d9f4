package io.postern.nginx;

import java.nio.file.Path;

/** An nginx configuration that nginx itself would refuse to read, with the file and line. */
public final class NginxSyntaxException extends Exception {

    private final transient Path file;
    private final int line;

    NginxSyntaxException(Path file, int line, String message) {
        super(file + ":" + line + ": " + message);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }
}
