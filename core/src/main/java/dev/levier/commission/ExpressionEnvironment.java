package dev.levier.commission;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelReference;
import dev.cel.common.types.CelKind;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelVariableResolver;
import dev.cel.runtime.Program;
import dev.levier.conversion.OrderLine;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one CEL environment of commission conditions: the variables of {@link ExpressionVariable},
 * CEL's standard functions and macros and nothing else, with limits on size, nesting and iteration.
 * Compiling checks an expression once, when a rule is saved; evaluating it then costs no parsing.
 *
 * <p>CEL is safe on untrusted input by construction: it has no loops, no recursion and no
 * assignment, and its standard environment has no function that reads a file, the clock or the
 * network. Its only iteration is the macros ({@code all}, {@code exists}, {@code map}, ...) over a
 * finite list, and the limits below bound even those.
 */
final class ExpressionEnvironment {

  /** The longest expression accepted, in characters. */
  static final int MAX_LENGTH = 2_000;

  /** How deep an expression may nest (parentheses, calls, operators) before it is refused. */
  static final int MAX_NESTING = 32;

  /** The most nodes (constants, variables, operators, calls) an expression may have. */
  static final int MAX_NODES = 1_000;

  /**
   * The most iterations of all the macros of one evaluation together; beyond it the evaluation
   * stops with an error and the condition does not hold. The lists an expression can reach are a
   * line's categories (at most {@value dev.levier.conversion.CategoryPath#MAX_SEGMENTS}) and the
   * literals it writes, so real conditions stay far below.
   */
  static final int MAX_ITERATIONS = 1_000;

  /** The largest compiled regular expression {@code matches} may use (RE2: linear time). */
  static final int MAX_REGEX_PROGRAM = 1_000;

  private static final CelOptions OPTIONS =
      CelOptions.current()
          // The planner runtime requires it: int and double compare as numbers (1 < 1.5).
          .enableHeterogeneousNumericComparisons(true)
          .maxExpressionCodePointSize(MAX_LENGTH)
          .maxParseRecursionDepth(MAX_NESTING)
          .maxParseExpressionNodeCount(MAX_NODES)
          .comprehensionMaxIterations(MAX_ITERATIONS)
          .maxRegexProgramSize(MAX_REGEX_PROGRAM)
          .build();

  private static final CelCompiler COMPILER = compiler();

  /**
   * The planner runtime plans each expression once, when its program is created, and then evaluates
   * it about three times faster than CEL's legacy interpreter.
   */
  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.plannerRuntimeBuilder().setOptions(OPTIONS).build();

  private static final Pattern UNDECLARED =
      Pattern.compile("undeclared reference to '([^']*)'(?: \\(in container '[^']*'\\))?");
  private static final Pattern CANDIDATES = Pattern.compile(" \\(candidates: .*\\)$");
  private static final Pattern NOT_BOOL = Pattern.compile("expected type 'bool' but found '(.*)'");

  private ExpressionEnvironment() {}

  private static CelCompiler compiler() {
    CelCompilerBuilder builder =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            // Not has(): it tests a field of a message, and the facts are plain variables.
            .setStandardMacros(
                CelStandardMacro.ALL,
                CelStandardMacro.EXISTS,
                CelStandardMacro.EXISTS_ONE,
                CelStandardMacro.MAP,
                CelStandardMacro.MAP_FILTER,
                CelStandardMacro.FILTER)
            .setResultType(dev.cel.common.types.SimpleType.BOOL);
    for (ExpressionVariable variable : ExpressionVariable.values()) {
      builder.addVar(variable.variableName(), variable.type());
    }
    return builder.build();
  }

  /**
   * Parses and type-checks {@code source} and plans its evaluation.
   *
   * @throws ExpressionException naming the first mistake and where it is
   */
  static Condition.Expression.Compiled compile(String source) {
    if (source.length() > MAX_LENGTH) {
      int[] at = position(source, MAX_LENGTH);
      throw new ExpressionException(
          at[0],
          at[1],
          "the expression is "
              + source.length()
              + " characters long; at most "
              + MAX_LENGTH
              + " are allowed");
    }
    if (source.isBlank()) {
      throw new ExpressionException(1, 1, "the expression is empty");
    }
    CelValidationResult result = COMPILER.compile(source);
    if (result.hasError()) {
      List<CelIssue> errors = result.getErrors();
      throw refusal(source, errors.get(0), errors.size() - 1);
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = result.getAst();
    } catch (CelValidationException e) {
      throw new IllegalStateException("CEL found no error, yet gave no program", e);
    }
    if (ast.getResultType().kind() != CelKind.BOOL) {
      // Only a dyn value gets past the checker; no variable is dyn, but a mixed list is.
      throw new ExpressionException(
          1, 1, "the expression must be a bool, not " + ast.getResultType().name());
    }
    Set<String> variables = new TreeSet<>();
    Map<Long, CelReference> references = ast.getReferenceMap();
    for (CelReference reference : references.values()) {
      if (ExpressionVariable.named(reference.name()) != null) {
        variables.add(reference.name());
      }
    }
    Program program;
    try {
      program = RUNTIME.createProgram(ast);
    } catch (CelEvaluationException e) {
      throw new ExpressionException(1, 1, "the expression cannot be evaluated: " + e.getMessage());
    }
    return new Condition.Expression.Compiled(program, variables);
  }

  /**
   * Whether the program yields {@code true} for this sale and line. An evaluation that fails (an
   * unknown fact, a division by zero, an overflow, the iteration limit) yields false: a condition
   * that cannot be decided does not hold, and it never stops the computation of a commission.
   */
  static boolean test(Program program, SaleFacts sale, @Nullable OrderLine line) {
    try {
      return program.eval(new Facts(sale, line)) instanceof Boolean b && b;
    } catch (CelEvaluationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The facts of one sale and line, read only when the expression asks for them: no map is built
   * per evaluation.
   */
  private record Facts(SaleFacts sale, @Nullable OrderLine line) implements CelVariableResolver {
    @Override
    public Optional<Object> find(String name) {
      ExpressionVariable variable = ExpressionVariable.named(name);
      return variable == null ? Optional.empty() : Optional.ofNullable(variable.read(sale, line));
    }
  }

  private static ExpressionException refusal(String source, CelIssue issue, int more) {
    CelSourceLocation location = issue.getSourceLocation();
    // CEL counts lines from 1 and columns from 0, in code points.
    int line = Math.max(1, location.getLine());
    int column = Math.max(1, location.getColumn() + 1);
    String reason = issue.getMessage();
    Matcher undeclared = UNDECLARED.matcher(reason);
    if (undeclared.matches()) {
      String name = dottedNameAt(source, line, column, undeclared.group(1));
      reason = "undeclared reference to '" + name + "'";
      String suggestion = closestVariable(name);
      if (suggestion != null) {
        reason += " (did you mean '" + suggestion + "'?)";
      }
    }
    Matcher notBool = NOT_BOOL.matcher(reason);
    if (notBool.matches()) {
      reason = "the expression must be a bool, not " + notBool.group(1);
    }
    reason = CANDIDATES.matcher(reason).replaceFirst("");
    if (more > 0) {
      reason += " (and " + more + (more == 1 ? " more mistake)" : " more mistakes)");
    }
    return new ExpressionException(line, column, reason);
  }

  /**
   * The whole dotted name written at the position, such as {@code order.valeu} where CEL only says
   * that {@code order} is undeclared; {@code fallback} when the text there is not that name.
   */
  private static String dottedNameAt(String source, int line, int column, String fallback) {
    int start = offset(source, line, column);
    if (start < 0 || !source.startsWith(fallback, start)) {
      return fallback;
    }
    int end = start;
    while (end < source.length()
        && (Character.isLetterOrDigit(source.charAt(end))
            || source.charAt(end) == '_'
            || (source.charAt(end) == '.'
                && end + 1 < source.length()
                && Character.isLetter(source.charAt(end + 1))))) {
      end++;
    }
    return source.substring(start, end);
  }

  /** The declared variable nearest to a misspelled name, within three edits, or null. */
  private static @Nullable String closestVariable(String name) {
    String best = null;
    int bestDistance = 4;
    for (ExpressionVariable variable : ExpressionVariable.values()) {
      int distance = distance(name, variable.variableName());
      if (distance < bestDistance) {
        best = variable.variableName();
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Levenshtein distance, ignoring case; the names are short. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost =
            Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1))
                ? 0
                : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** The char offset of a 1-based line and code-point column, or -1 past the end. */
  private static int offset(String source, int line, int column) {
    int i = 0;
    for (int l = 1; l < line; l++) {
      i = source.indexOf('\n', i);
      if (i < 0) {
        return -1;
      }
      i++;
    }
    for (int c = 1; c < column; c++) {
      if (i >= source.length() || source.charAt(i) == '\n') {
        return -1;
      }
      i += Character.charCount(source.codePointAt(i));
    }
    return i;
  }

  /** The 1-based line and code-point column of a char offset. */
  private static int[] position(String source, int offset) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset; i += Character.charCount(source.codePointAt(i))) {
      if (source.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new int[] {line, column};
  }
}
