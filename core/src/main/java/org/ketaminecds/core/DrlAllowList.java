package org.ketaminecds.core;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.QueryDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.ParserError;
import org.drools.drl.parser.antlr4.JavaLexer;
import org.ketaminecds.core.KnowledgePackageException.Problem;
import org.ketaminecds.core.derived.AntidepressantTrials;
import org.ketaminecds.core.derived.BaselineScore;
import org.ketaminecds.core.derived.BenefitCycles;
import org.ketaminecds.core.derived.BenefitVerdict;
import org.ketaminecds.core.derived.BenzodiazepineLoad;
import org.ketaminecds.core.derived.BpCadence;
import org.ketaminecds.core.derived.BpTier;
import org.ketaminecds.core.derived.ClinicalText;
import org.ketaminecds.core.derived.CnsDepressants;
import org.ketaminecds.core.derived.CoursePhase;
import org.ketaminecds.core.derived.CreatinineTrend;
import org.ketaminecds.core.derived.CrowdedSessions;
import org.ketaminecds.core.derived.DischargeCriteria;
import org.ketaminecds.core.derived.DoseEscalation;
import org.ketaminecds.core.derived.DosePerKg;
import org.ketaminecds.core.derived.DosingTimes;
import org.ketaminecds.core.derived.EarlyRefills;
import org.ketaminecds.core.derived.EsketamineBpCheck;
import org.ketaminecds.core.derived.EsketamineDevices;
import org.ketaminecds.core.derived.EvidenceIds;
import org.ketaminecds.core.derived.FailedTrials;
import org.ketaminecds.core.derived.HomeDestinations;
import org.ketaminecds.core.derived.HypertensiveCrisis;
import org.ketaminecds.core.derived.InductionEnd;
import org.ketaminecds.core.derived.InvalidValues;
import org.ketaminecds.core.derived.KetamineExposure;
import org.ketaminecds.core.derived.KetaminePrescribers;
import org.ketaminecds.core.derived.KetamineSafetyLabs;
import org.ketaminecds.core.derived.LiverBand;
import org.ketaminecds.core.derived.LiverPanel;
import org.ketaminecds.core.derived.MissedSession;
import org.ketaminecds.core.derived.MocaChange;
import org.ketaminecds.core.derived.MonitoringWindows;
import org.ketaminecds.core.derived.OlderAdult;
import org.ketaminecds.core.derived.PlannedOrders;
import org.ketaminecds.core.derived.PostDoseBp;
import org.ketaminecds.core.derived.PreDoseBp;
import org.ketaminecds.core.derived.PreDosePreparation;
import org.ketaminecds.core.derived.PreDoseVitals;
import org.ketaminecds.core.derived.RemsForm;
import org.ketaminecds.core.derived.ScoreChange;
import org.ketaminecds.core.derived.ScoreSeries;
import org.ketaminecds.core.derived.ScreeningBloodPressure;
import org.ketaminecds.core.derived.SessionOximetry;
import org.ketaminecds.core.derived.SessionTimes;
import org.ketaminecds.core.derived.SessionsTooClose;
import org.ketaminecds.core.derived.ShrinkingIntervals;
import org.ketaminecds.core.derived.TreatmentSpan;
import org.ketaminecds.core.derived.UnknownPregnancyStatus;
import org.ketaminecds.core.derived.Workup;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.record.Sex;
import org.ketaminecds.core.vocabulary.Allergy;
import org.ketaminecds.core.vocabulary.BloodPressure;
import org.ketaminecds.core.vocabulary.CareSetting;
import org.ketaminecds.core.vocabulary.Coded;
import org.ketaminecds.core.vocabulary.Consent;
import org.ketaminecds.core.vocabulary.Course;
import org.ketaminecds.core.vocabulary.DataIssue;
import org.ketaminecds.core.vocabulary.Diagnosis;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Flag;
import org.ketaminecds.core.vocabulary.Hit;
import org.ketaminecds.core.vocabulary.Latest;
import org.ketaminecds.core.vocabulary.LatestBloodPressure;
import org.ketaminecds.core.vocabulary.Medication;
import org.ketaminecds.core.vocabulary.Person;
import org.ketaminecds.core.vocabulary.PlannedCheck;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.Session;
import org.ketaminecds.core.vocabulary.Timed;
import org.ketaminecds.core.vocabulary.TreatmentPlan;
import org.ketaminecds.core.vocabulary.UnrecognisedMedication;

/**
 * The check every rule file passes before anything in a rule folder is compiled. A rule folder is code: compiling
 * DRL evaluates some of it (type-declaration defaults, rule metadata), and a rule runs inside the host. So a rule
 * file may use only the vocabulary ({@code org.ketaminecds.core.vocabulary}), the core types its methods use and
 * return, and a listed handful of JDK types and methods; everything else is refused with its file and line.
 *
 * <p>Two passes, neither of which runs anything. Drools' own DRL parser gives the file's structure (no
 * {@code declare}, {@code global}, {@code query}, rule attributes; imports from the list). Then a Java lexer (the one
 * Drools ships) reads <em>every</em> token of the file, whichever descriptor holds it — conditions, {@code eval},
 * {@code from}, consequences, metadata — and each name must be on a list: a type, a member of that type, a method of
 * the vocabulary, of core's typed rule support or of a listed JDK type, a DRL keyword, or a variable.
 * Fully-qualified names, {@code .class}, the engine's context ({@code drools}, {@code kcontext}) and anything the
 * lexer and the Java compiler could read differently (unicode escapes, text blocks) are refused outright.
 *
 * <p>The lists were taken from what the bundled package uses and kept as small as that allows; docs/authoring.md
 * ("What a rule may use") explains them to authors. The check says nothing about whether a rule is right or cheap:
 * who may sign a folder for serving is what stands behind that.
 */
final class DrlAllowList {

    /** The one package rule files live in (the generated classes' package: never a package of core's own). */
    static final String PACKAGE = "org.ketaminecds.rules";

    private static final String SEE = " (docs/authoring.md, \"What a rule may use\")";

    /** The core types a rule may name: the vocabulary and the enums rules compare against. */
    private static final List<Class<?>> CORE_TYPES = List.of(Allergy.class, BloodPressure.class, CareSetting.class,
            Coded.class, Consent.class, Course.class, DataIssue.class, Diagnosis.class, Evaluation.class, Flag.class,
            Hit.class, Latest.class, LatestBloodPressure.class, Medication.class, Person.class, PlannedCheck.class,
            Reading.class, Session.class, Timed.class, TreatmentPlan.class, UnrecognisedMedication.class, Mode.class, Outcome.class, Product.class, Route.class, Severity.class,
            MedicationKind.class, Sex.class,
            // core.derived: typed rule support and the facts define rules insert
            AntidepressantTrials.class, BaselineScore.class, BenefitCycles.class, BenefitVerdict.class,
            BenzodiazepineLoad.class, BpCadence.class, BpTier.class, ClinicalText.class, CnsDepressants.class,
            CoursePhase.class, CreatinineTrend.class, CrowdedSessions.class, DischargeCriteria.class,
            DoseEscalation.class, DosePerKg.class, DosingTimes.class, EarlyRefills.class, EsketamineBpCheck.class,
            EsketamineDevices.class, EvidenceIds.class, FailedTrials.class, HomeDestinations.class,
            HypertensiveCrisis.class, InductionEnd.class, InvalidValues.class, KetamineExposure.class,
            KetaminePrescribers.class, KetamineSafetyLabs.class, LiverBand.class, LiverPanel.class,
            MissedSession.class, MocaChange.class, MonitoringWindows.class, OlderAdult.class, PlannedOrders.class,
            PostDoseBp.class, PreDoseBp.class, PreDosePreparation.class, PreDoseVitals.class, RemsForm.class,
            ScoreChange.class, ScoreSeries.class, ScreeningBloodPressure.class, SessionOximetry.class,
            SessionTimes.class, SessionsTooClose.class, ShrinkingIntervals.class, TreatmentSpan.class,
            UnknownPregnancyStatus.class, Workup.class);

    /** The JDK types a rule may name: values, collections, time, text. No I/O, threads, reflection or system. */
    private static final List<Class<?>> JDK_TYPES = List.of(Object.class, String.class, StringBuilder.class,
            Math.class, Boolean.class, Double.class, Long.class, BigDecimal.class, Duration.class, Instant.class,
            ZoneOffset.class, DateTimeFormatter.class, ArrayList.class, Arrays.class, Collections.class,
            Comparator.class, LinkedHashSet.class, List.class, Map.class, Set.class, TreeMap.class, TreeSet.class);

    /** Static members of the JDK types a rule may use ({@code Type.member}); their constants are allowed too. */
    private static final Set<String> JDK_STATIC = Set.of("Arrays.sort", "BigDecimal.valueOf", "Boolean.valueOf",
            "Collections.sort", "Comparator.comparing", "DateTimeFormatter.ofPattern", "Duration.between", "List.of",
            "Math.abs", "Math.floor", "Math.max", "Math.min", "Math.rint", "Math.round", "String.join",
            "String.valueOf");

    /**
     * Methods of JDK values a rule may call, by name (a rule's receivers are not typed here; the names are those of
     * harmless methods of the listed types, and none of them reaches a class, a thread or a file).
     */
    private static final Set<String> JDK_METHODS = Set.of("abs", "add", "addAll", "append", "booleanValue", "clear",
            "compareTo", "contains", "dividedBy", "doubleValue", "endsWith", "equals", "format", "get", "getSeconds",
            "isAfter", "isBefore", "isEmpty", "isNegative", "length", "longValue", "minus", "plus", "put", "set",
            "size", "sort", "startsWith", "stripTrailingZeros", "subList", "substring", "thenComparing", "toArray",
            "toDays", "toMinutes", "toPlainString", "toString", "values", "withZone");

    /** Java keywords a rule may use; any other (class, static, synchronized, try, throw...) is refused. */
    private static final Set<String> KEYWORDS = Set.of("boolean", "break", "case", "continue", "double", "else", "for",
            "if", "instanceof", "int", "long", "new", "return", "switch", "this", "void", "while");

    /** DRL words written like a call: conditional elements and the two ways a rule asserts. */
    private static final Set<String> DRL_CALLS = Set.of("collect", "eval", "in", "not", "or", "insert", "insertLogical");

    /** The engine's own context, handed to every consequence: a rule acts through insert only. */
    private static final Set<String> CONTEXT = Set.of("drools", "kcontext");

    /** Lexer tokens Java treats as keywords only in some places: in DRL they are names ({@code to}, {@code with}). */
    private static final Set<Integer> CONTEXTUAL = Set.of(JavaLexer.MODULE, JavaLexer.OPEN, JavaLexer.REQUIRES,
            JavaLexer.EXPORTS, JavaLexer.TO, JavaLexer.USES, JavaLexer.PROVIDES, JavaLexer.WITH, JavaLexer.TRANSITIVE,
            JavaLexer.VAR, JavaLexer.YIELD, JavaLexer.RECORD, JavaLexer.SEALED, JavaLexer.PERMITS);

    private static final Pattern CONSTANT = Pattern.compile("[A-Z][A-Z0-9_]*");

    /** Simple name -> type, for every type a rule may name. */
    private static final Map<String, Class<?>> TYPES = new HashMap<>();
    /** What a rule file may import: the allowed types outside java.lang. */
    private static final Set<String> IMPORTS = new TreeSet<>();
    /** Core type -> its public members (methods, fields, enum constants), for {@code Type.member}. */
    private static final Map<Class<?>, Set<String>> CORE_MEMBERS = new HashMap<>();
    /**
     * Methods a rule may call on a value: the public methods of the core types (the vocabulary and every core type
     * its methods return, e.g. Thresholds) and {@link #JDK_METHODS}.
     */
    private static final Set<String> METHODS = new HashSet<>(JDK_METHODS);

    static {
        Stream.concat(CORE_TYPES.stream(), JDK_TYPES.stream()).forEach(t -> {
            TYPES.put(t.getSimpleName(), t);
            if (!t.getPackageName().equals("java.lang")) {
                IMPORTS.add(t.getCanonicalName());
            }
        });
        Deque<Class<?>> reachable = new ArrayDeque<>(CORE_TYPES);
        Set<Class<?>> seen = new HashSet<>();
        while (!reachable.isEmpty()) {
            Class<?> type = reachable.poll();
            if (!seen.add(type)) {
                continue;
            }
            Set<String> members = new HashSet<>();
            for (Method m : type.getMethods()) {
                if (isCore(m.getDeclaringClass())) {
                    members.add(m.getName());
                    if (!Modifier.isStatic(m.getModifiers())) {
                        METHODS.add(m.getName());
                    }
                    coreTypesIn(m.getGenericReturnType(), reachable);
                }
            }
            for (Field f : type.getFields()) {
                members.add(f.getName());
            }
            CORE_MEMBERS.put(type, members);
        }
    }

    private DrlAllowList() {
    }

    /** Every problem of one rule file, in line order; none when it may be compiled. */
    static List<Problem> check(String file, String drl) {
        Problems out = new Problems(file);
        for (int at = drl.indexOf("\\u"); at >= 0; at = drl.indexOf("\\u", at + 2)) {
            // javac reads \\u0022 as a quote before it lexes: text a lexer sees as a comment or string could be code.
            out.add(DrlSource.lineOf(drl, at), "unicode escapes (\\u...) are not allowed in rule files: write "
                    + "the character itself");
        }
        DrlParser parser = new DrlParser();
        PackageDescr pkg;
        try {
            pkg = parser.parse(false, drl);
        } catch (DroolsParserException e) {
            out.add(Math.max(e.getLineNumber(), 0), e.getMessage());
            return out.list();
        }
        if (parser.hasErrors() || pkg == null) {
            for (DroolsError error : parser.getErrors()) {
                out.add(error instanceof ParserError p ? p.getRow() : lineOf(error), error.getMessage());
            }
            return out.list();
        }
        structure(pkg, out);
        Set<Integer> importsAt = new HashSet<>();
        Stream.of(pkg.getImports(), pkg.getFunctionImports(), pkg.getAccumulateImports())
                .flatMap(List::stream).forEach(d -> importsAt.add(d.getStartCharacter()));
        new Tokens(drl, out).check(importsAt);
        return out.list();
    }

    /** What the parser found that is not a rule, and imports off the list. */
    private static void structure(PackageDescr pkg, Problems out) {
        if (!PACKAGE.equals(pkg.getName())) {
            out.add(Math.max(pkg.getLine(), 1), "a rule file starts with 'package " + PACKAGE + ";'");
        }
        for (ImportDescr i : pkg.getImports()) {
            if (!IMPORTS.contains(i.getTarget())) {
                out.add(i.getLine(), "import " + i.getTarget() + " is not allowed: a rule file imports only the "
                        + "vocabulary's types, the core enums rules use and the listed JDK types" + SEE);
            }
        }
        refuse(pkg.getFunctionImports(), "'import function' and 'import static' are not allowed: a rule calls the "
                + "package's own functions and the vocabulary's methods", out);
        refuse(pkg.getAccumulateImports(), "'import accumulate' is not allowed", out);
        refuse(pkg.getGlobals(), "'global' is not allowed: a rule sees only the facts of its evaluation", out);
        refuse(pkg.getAttributes(), "package attributes (dialect, ...) are not allowed", out);
        String declare = "'declare' is not allowed: rules use the vocabulary's types and declare none of their own";
        refuse(pkg.getTypeDeclarations(), declare, out);
        refuse(pkg.getEnumDeclarations(), declare, out);
        refuse(pkg.getEntryPointDeclarations(), declare, out);
        refuse(pkg.getWindowDeclarations(), declare, out);
        if (pkg.getUnit() != null) {
            out.add(pkg.getUnit().getLine(), "'unit' is not allowed");
        }
        // Logic a rule needs beyond a pattern lives in core.derived, typed and unit-tested (docs/authoring.md).
        refuse(pkg.getFunctions(), "'function' is not allowed: a rule calls the vocabulary's and core.derived's "
                + "methods; logic that needs Java goes into core (docs/extending.md)", out);
        for (RuleDescr rule : pkg.getRules()) {
            if (rule instanceof QueryDescr) {
                out.add(rule.getLine(), "'query' is not allowed");
            }
            rule.getAttributes().forEach((name, attribute) -> out.add(attribute.getLine(), "rule attribute '" + name
                    + "' is not allowed: a rule's order and dialect are the engine's"));
        }
    }

    private static void refuse(Collection<? extends BaseDescr> found, String why, Problems out) {
        found.forEach(d -> out.add(d.getLine(), why));
    }

    private static boolean isCore(Class<?> type) {
        return type.getPackageName().startsWith("org.ketaminecds.core");
    }

    private static void coreTypesIn(Type type, Deque<Class<?>> into) {
        if (type instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (isCore(c)) {
                into.add(c);
            }
        } else if (type instanceof ParameterizedType p) {
            coreTypesIn(p.getRawType(), into);
            for (Type argument : p.getActualTypeArguments()) {
                coreTypesIn(argument, into);
            }
        } else if (type instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                coreTypesIn(bound, into);
            }
        }
    }

    private static int lineOf(DroolsError error) {
        int[] lines = error.getLines();
        return lines == null || lines.length == 0 ? 0 : Math.max(lines[0], 0);
    }

    /** The token pass: every name in the file, wherever it stands, on a list. */
    private static final class Tokens {
        private final List<Token> tokens = new ArrayList<>();
        private final Problems out;

        Tokens(String drl, Problems out) {
            this.out = out;
            JavaLexer lexer = new JavaLexer(CharStreams.fromString(drl));
            lexer.removeErrorListeners();
            lexer.addErrorListener(new BaseErrorListener() {
                @Override
                public void syntaxError(Recognizer<?, ?> recognizer, Object symbol, int line, int column, String msg,
                                        RecognitionException e) {
                    out.add(line, msg.replace("token recognition error at", "unexpected character"));
                }
            });
            for (Token t : lexer.getAllTokens()) {
                int type = t.getType();
                if (type != JavaLexer.WS && type != JavaLexer.COMMENT && type != JavaLexer.LINE_COMMENT) {
                    tokens.add(t);
                }
            }
        }

        void check(Set<Integer> importsAt) {
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                int type = t.getType();
                if (type == JavaLexer.IMPORT && importsAt.contains(t.getStartIndex())
                        || type == JavaLexer.PACKAGE && i == 0) {
                    i = skipQualifiedName(i + 1) - 1; // checked against the list by the parser pass
                } else if (type == JavaLexer.IDENTIFIER || CONTEXTUAL.contains(type)) {
                    i = name(i);
                } else if (type == JavaLexer.TEXT_BLOCK) {
                    out.add(t.getLine(), "text blocks (\"\"\") are not allowed in rule files");
                } else if (type < JavaLexer.DECIMAL_LITERAL && !KEYWORDS.contains(t.getText())) {
                    out.add(t.getLine(), "'" + t.getText() + "' is not allowed in a rule file");
                } else if (type > JavaLexer.IDENTIFIER) {
                    out.add(t.getLine(), "unexpected '" + t.getText() + "'");
                }
            }
        }

        /** Checks the name at {@code i}; returns the index of its last token (a qualified name is read whole). */
        private int name(int i) {
            Token t = tokens.get(i);
            String name = t.getText();
            int before = type(i - 1);
            boolean member = before == JavaLexer.DOT || before == JavaLexer.COLONCOLON
                    || before == JavaLexer.QUESTION && type(i - 2) == JavaLexer.DOT; // MVEL's null-safe .?
            boolean call = type(i + 1) == JavaLexer.LPAREN;
            if (before == JavaLexer.AT) {
                return i; // metadata's name; its value is read like any other code
            }
            if (member) {
                member(i, name, before == JavaLexer.COLONCOLON);
                return i;
            }
            if (name.startsWith("$")) {
                return i; // a binding
            }
            if (CONTEXT.contains(name)) {
                out.add(t.getLine(), "'" + name + "' is not allowed: a rule acts on the engine only through insert "
                        + "and insertLogical");
            } else if (Character.isUpperCase(name.charAt(0))) {
                boolean constant = CONSTANT.matcher(name).matches() && !call && type(i + 1) != JavaLexer.DOT
                        && type(i + 1) != JavaLexer.COLONCOLON;
                if (!TYPES.containsKey(name) && !constant) {
                    out.add(t.getLine(), "'" + name + "' is not allowed: a rule may name only the vocabulary's types "
                            + "and the listed JDK types" + SEE);
                }
            } else if (call) {
                if (!DRL_CALLS.contains(name) && !METHODS.contains(name)) {
                    out.add(t.getLine(), "'" + name + "(...)' is not allowed: not a DRL "
                            + "keyword or a method of the vocabulary" + SEE);
                }
            } else if (type(i + 1) == JavaLexer.DOT && isName(i + 2)) {
                // java.lang.Runtime: a package name, then a type the lists never see by its simple name.
                int end = i;
                List<String> parts = new ArrayList<>(List.of(name));
                while (type(end + 1) == JavaLexer.DOT && isName(end + 2)) {
                    end += 2;
                    parts.add(tokens.get(end).getText());
                }
                int type = 1;
                while (type < parts.size() && !Character.isUpperCase(parts.get(type).charAt(0))) {
                    type++;
                }
                if (type < parts.size()) {
                    out.add(t.getLine(), "'" + String.join(".", parts.subList(0, type + 1)) + "' is not allowed: a "
                            + "rule names a type by its simple name, imported from the allowed list" + SEE);
                    return end;
                }
            }
            return i;
        }

        /** A member: {@code Type.member} / {@code Type::member} of an allowed type, or a method of a value. */
        private void member(int i, String name, boolean reference) {
            Token t = tokens.get(i);
            int owner = reference || type(i - 1) == JavaLexer.DOT ? i - 2 : i - 3;
            boolean fromType = isName(owner) && TYPES.containsKey(tokens.get(owner).getText())
                    && type(owner - 1) != JavaLexer.DOT;
            if (fromType) {
                Class<?> type = TYPES.get(tokens.get(owner).getText());
                String qualified = type.getSimpleName() + "." + name;
                boolean allowed = CORE_MEMBERS.containsKey(type) ? CORE_MEMBERS.get(type).contains(name)
                        : JDK_STATIC.contains(qualified) || CONSTANT.matcher(name).matches()
                        || reference && METHODS.contains(name);
                if (!allowed && !(reference && name.equals("new"))) {
                    out.add(t.getLine(), "'" + qualified + "' is not allowed: not among the members of "
                            + type.getSimpleName() + " a rule may use" + SEE);
                }
            } else if (Character.isUpperCase(name.charAt(0)) || !METHODS.contains(name)) {
                out.add(t.getLine(), "'" + name + "' is not allowed: not a method of the vocabulary or of the listed "
                        + "JDK types" + SEE);
            }
        }

        /** The index just past an import's or the package's name starting at {@code i} (and its {@code ;}). */
        private int skipQualifiedName(int i) {
            int k = i;
            if (type(k) == JavaLexer.STATIC || isName(k) && isName(k + 1)) {
                k++; // import static, import function, import accumulate: refused by the parser pass
            }
            if (isName(k)) {
                k++;
            }
            while (type(k) == JavaLexer.DOT && (isName(k + 1) || type(k + 1) == JavaLexer.MUL)) {
                k += 2;
            }
            return type(k) == JavaLexer.SEMI ? k + 1 : k;
        }

        private boolean isName(int i) {
            return type(i) == JavaLexer.IDENTIFIER || CONTEXTUAL.contains(type(i));
        }

        private int type(int i) {
            return i < 0 || i >= tokens.size() ? Token.EOF : tokens.get(i).getType();
        }
    }

    /**
     * Problems of one file in line order, the first found on each line only: the rest of a line that reaches out of
     * the vocabulary ({@code Runtime.getRuntime().exec}) only repeats it.
     */
    private static final class Problems {
        private final String file;
        private final Map<Integer, Problem> found = new LinkedHashMap<>();
        private final List<Problem> unlocated = new ArrayList<>();

        Problems(String file) {
            this.file = file;
        }

        void add(int line, String message) {
            Problem problem = new Problem(file, Math.max(line, 0), message);
            if (line > 0) {
                found.putIfAbsent(line, problem);
            } else {
                unlocated.add(problem);
            }
        }

        List<Problem> list() {
            List<Problem> list = new ArrayList<>(unlocated);
            list.addAll(found.values());
            list.sort(Comparator.comparingInt(Problem::line));
            return list;
        }
    }
}
