package org.ketaminecds.core;

/** An evaluation failed inside the engine; the message names the patient id, never patient data. */
public final class EvaluationException extends RuntimeException {

    public EvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
