package org.ketaminecds.fhir;

/** A scenario file that cannot be used; the message names the file and the field. */
public final class ScenarioException extends Exception {

    public ScenarioException(String message) {
        super(message);
    }
}
