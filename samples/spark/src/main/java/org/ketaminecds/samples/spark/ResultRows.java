package org.ketaminecds.samples.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ketaminecds.core.Disposition;
import org.ketaminecds.fhir.bulk.ScreenFinding;
import org.ketaminecds.fhir.bulk.ScreenResult;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Screening results as Spark rows. The Parquet columns are {@link #RESULT}: a {@link ScreenResult}'s fields, with
 * findings as an array of structs; the job's rows carry two more columns, the result's NDJSON line and, for a
 * malformed export line instead of a result, what is wrong with it and where it is.
 */
final class ResultRows {

    static final String PATIENT = "patient";
    static final String DISPOSITION = "disposition";
    static final String FINDINGS = "findings";
    static final String KNOWLEDGE_ID = "knowledgeId";
    static final String KNOWLEDGE_VERSION = "knowledgeVersion";
    static final String ERROR = "error";
    static final String JSON = "json";
    static final String MALFORMED = "malformed";
    static final String MALFORMED_FILE = "malformedFile";
    static final String MALFORMED_LINE = "malformedLine";

    static final StructType FINDING = DataTypes.createStructType(new StructField[] {
        DataTypes.createStructField("ruleId", DataTypes.StringType, false),
        DataTypes.createStructField("outcome", DataTypes.StringType, false),
        DataTypes.createStructField("severity", DataTypes.StringType, false),
        DataTypes.createStructField("contraindication", DataTypes.StringType, true),
    });

    /** The Parquet schema: one row per patient. */
    static final StructType RESULT = DataTypes.createStructType(new StructField[] {
        DataTypes.createStructField(PATIENT, DataTypes.StringType, false),
        DataTypes.createStructField(DISPOSITION, DataTypes.StringType, true),
        DataTypes.createStructField(FINDINGS, DataTypes.createArrayType(FINDING, false), false),
        DataTypes.createStructField(KNOWLEDGE_ID, DataTypes.StringType, false),
        DataTypes.createStructField(KNOWLEDGE_VERSION, DataTypes.StringType, false),
        DataTypes.createStructField(ERROR, DataTypes.StringType, true),
    });

    /** What the evaluation stage produces: a result (and its NDJSON line), or a malformed line's report. */
    static final StructType OUTPUT = DataTypes.createStructType(new StructField[] {
        DataTypes.createStructField(PATIENT, DataTypes.StringType, true),
        DataTypes.createStructField(DISPOSITION, DataTypes.StringType, true),
        DataTypes.createStructField(FINDINGS, DataTypes.createArrayType(FINDING, false), true),
        DataTypes.createStructField(KNOWLEDGE_ID, DataTypes.StringType, true),
        DataTypes.createStructField(KNOWLEDGE_VERSION, DataTypes.StringType, true),
        DataTypes.createStructField(ERROR, DataTypes.StringType, true),
        DataTypes.createStructField(JSON, DataTypes.StringType, true),
        DataTypes.createStructField(MALFORMED, DataTypes.StringType, true),
        DataTypes.createStructField(MALFORMED_FILE, DataTypes.IntegerType, true),
        DataTypes.createStructField(MALFORMED_LINE, DataTypes.LongType, true),
    });

    private ResultRows() {
    }

    static Row of(ScreenResult r) {
        List<Row> findings = new ArrayList<>(r.findings().size());
        for (ScreenFinding f : r.findings()) {
            findings.add(RowFactory.create(f.ruleId(), f.outcome(), f.severity(), f.contraindication()));
        }
        // Spark's Row encoder takes a Scala Seq for an array column, not a java.util.List
        return RowFactory.create(r.patient(), r.disposition() == null ? null : r.disposition().name(),
                CollectionConverters.asScala(findings),
                r.knowledgeId(), r.knowledgeVersion(), r.error(), r.toJson(), null, null, null);
    }

    /** A malformed export line: what is wrong with it, and where it is (the file's index in the export, the line). */
    static Row malformed(String problem, int file, long line) {
        return RowFactory.create(null, null, null, null, null, null, null, problem, file, line);
    }

    /** A row of {@link #RESULT} (read back from Parquet, say) as the library's result. */
    static ScreenResult toResult(Row row) {
        List<ScreenFinding> findings = new ArrayList<>();
        for (Row f : row.<Row>getList(row.fieldIndex(FINDINGS))) {
            findings.add(new ScreenFinding(f.getString(0), f.getString(1), f.getString(2), f.getString(3)));
        }
        String disposition = row.getString(row.fieldIndex(DISPOSITION));
        return new ScreenResult(row.getString(row.fieldIndex(PATIENT)),
                disposition == null ? null : Disposition.valueOf(disposition), findings,
                row.getString(row.fieldIndex(KNOWLEDGE_ID)), row.getString(row.fieldIndex(KNOWLEDGE_VERSION)),
                row.getString(row.fieldIndex(ERROR)));
    }
}
