package org.ketaminecds.core;

/** A knowledge package could not be loaded or is inconsistent; the message names the file and what to fix. */
public final class KnowledgePackageException extends RuntimeException {

    public KnowledgePackageException(String message) {
        super(message);
    }

    public KnowledgePackageException(String message, Throwable cause) {
        super(message, cause);
    }
}
