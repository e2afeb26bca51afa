/**
 * Typed rule support: what the rules compute beyond a pattern match (session series, early refills, antidepressant
 * trials, a liver panel, evidence ids, clinical text), in plain Java with unit tests, and the intermediate facts that
 * "define" rules insert for later rules to read by name (the DRL counterpart of a CQL {@code define}). The rule files
 * call these; they hold no {@code function} of their own.
 */
package org.ketaminecds.core.derived;
