/**
 * The vocabulary the rule files speak: facts prepared from a {@link org.ketaminecds.core.record.PatientRecord}
 * after the knowledge base's data conventions were applied (status, asOf, plausibility), tagged with
 * value-set concepts, plus {@link org.ketaminecds.core.vocabulary.Hit}, what a rule asserts.
 *
 * <p>Rule authors read these types; hosts never need them.
 */
package org.ketaminecds.core.vocabulary;
