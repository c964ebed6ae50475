package io.bedside.app.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts one lab per test class with {@code lab/bedside-lab up NAME [--jump]}, hands it to test
 * methods as a {@link Lab} parameter and stops it ({@code down NAME}) after the class. Use it
 * through {@link WithLab}.
 *
 * <p>The script is {@code $BEDSIDE_LAB_ROOT/bedside-lab} (the app pom sets BEDSIDE_LAB_ROOT to
 * {@code <root>/lab}) or the first {@code lab/bedside-lab} found walking up from the working
 * directory. When the lab cannot run here (not Linux, not root, or the script exits 4 for a
 * missing prerequisite) the class is skipped with the reason, unless {@code BEDSIDE_LAB=required}:
 * then it fails with the reason. The check runs first ({@code bedside-lab check}, an
 * {@link ExecutionCondition}), so a skipped class shows up as skipped, reason included, in the
 * test report.
 */
public final class LabExtension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LabExtension.class);
  private static final String KEY = "lab";
  private static final int EXIT_MISSING_PREREQUISITE = 4;
  private static final Duration UP_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(1);
  private static final int MAX_NAME = 16;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isPresent() || context.getTestClass().isEmpty() || required()) {
      return ConditionEvaluationResult.enabled("decided for the class; BEDSIDE_LAB=required fails instead");
    }
    String reason = unsupportedReason();
    if (reason == null) {
      Optional<Path> script = findScript();
      if (script.isEmpty()) {
        reason = "lab/bedside-lab was not found (set BEDSIDE_LAB_ROOT or run from inside the repository)";
      } else {
        List<String> check = new ArrayList<>(List.of(script.get().toString(), "check"));
        if (jump(context.getRequiredTestClass())) {
          check.add("--jump");
        }
        Lab.Result result = Lab.run(check, Map.of(), UP_TIMEOUT);
        if (!result.timedOut() && result.exitCode() == EXIT_MISSING_PREREQUISITE) {
          reason = lastLine(result.stderr());
        }
      }
    }
    if (reason == null) {
      return ConditionEvaluationResult.enabled("the lab can run here");
    }
    System.err.println("[bedside-lab] skipped " + context.getRequiredTestClass().getSimpleName() + ": " + reason);
    return ConditionEvaluationResult.disabled("lab not available: " + reason);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    boolean jump = jump(testClass);
    String name = AnnotationSupport.findAnnotation(testClass, WithLab.class)
        .map(WithLab::name)
        .filter(n -> !n.isBlank())
        .orElseGet(() -> labName(testClass));
    // BEDSIDE_LAB_SUFFIX: two checkouts on one machine run the same lab class without sharing (or downing) a lab
    String suffix = System.getenv().getOrDefault("BEDSIDE_LAB_SUFFIX", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (!suffix.isEmpty()) {
      name = name.substring(0, Math.min(name.length(), Math.max(1, MAX_NAME - suffix.length()))) + suffix;
    }

    String unsupported = unsupportedReason();
    if (unsupported != null) {
      cannotRun(unsupported);
    }
    Path script = findScript().orElseGet(() ->
        cannotRun("lab/bedside-lab was not found (set BEDSIDE_LAB_ROOT or run from inside the repository)"));

    // a lab of the same name left over by a killed run would make up exit 3
    Lab.run(List.of(script.toString(), "down", name), Map.of(), DOWN_TIMEOUT);

    List<String> up = new ArrayList<>(List.of(script.toString(), "up", name));
    if (jump) {
      up.add("--jump");
    }
    int fleet = AnnotationSupport.findAnnotation(testClass, WithLab.class).map(WithLab::fleet).orElse(0);
    if (fleet > 0) {
      up.add("--fleet");
      up.add(Integer.toString(fleet));
    }
    Lab.Result result = Lab.run(up, Map.of(), UP_TIMEOUT);
    if (!result.timedOut() && result.exitCode() == EXIT_MISSING_PREREQUISITE) {
      cannotRun(lastLine(result.stderr()));
    }
    if (!result.ok()) {
      Assertions.fail("the lab did not start: " + result.describe());
    }
    Path json = Path.of(lastLine(result.stdout()));
    Lab lab = Lab.read(json);
    context.getStore(NAMESPACE).put(KEY, lab);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Lab lab = context.getStore(NAMESPACE).remove(KEY, Lab.class);
    if (lab == null) {
      return;
    }
    Lab.Result result = Lab.run(List.of(lab.script().toString(), "down", lab.name()), Map.of(), DOWN_TIMEOUT);
    if (!result.ok()) {
      Assertions.fail("the lab did not stop: " + result.describe());
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == Lab.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Lab lab = extensionContext.getStore(NAMESPACE).get(KEY, Lab.class);
    if (lab == null) {
      throw new ParameterResolutionException("no lab is running for " + extensionContext.getDisplayName()
          + "; is the class annotated with @WithLab?");
    }
    return lab;
  }

  private static boolean jump(Class<?> testClass) {
    return AnnotationSupport.findAnnotation(testClass, WithLab.class).map(WithLab::jump).orElse(false);
  }

  private static boolean required() {
    return "required".equalsIgnoreCase(System.getenv("BEDSIDE_LAB"));
  }

  /** {@code LabSmokeTest} -> {@code labsmoke}: lowercase letters and digits, at most 16. */
  static String labName(Class<?> testClass) {
    String simple = testClass.getSimpleName().replaceFirst("(Tests?|IT)$", "");
    String name = simple.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (name.length() > MAX_NAME) {
      name = name.substring(0, MAX_NAME);
    }
    return name.isEmpty() ? "lab" : name;
  }

  private static String unsupportedReason() {
    String os = System.getProperty("os.name", "");
    if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
      return "the lab needs Linux and this is " + os;
    }
    String uid = currentUid();
    if (!"0".equals(uid)) {
      return "the lab needs root (it creates namespaces, a user and sshd processes) and this is uid " + uid;
    }
    return null;
  }

  private static String currentUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.substring(4).trim().split("\\s+")[1]; // real, effective, ...: the effective one
        }
      }
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    return "unknown";
  }

  static Optional<Path> findScript() {
    String root = System.getenv("BEDSIDE_LAB_ROOT");
    if (root != null && !root.isBlank()) {
      Path p = Path.of(root, "bedside-lab");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path p = d.resolve("lab").resolve("bedside-lab");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Skips the class with the reason ({@link Assumptions#abort}), or fails it when the environment
   * says BEDSIDE_LAB=required. Never returns; typed so it can stand where a value is expected.
   */
  private static <T> T cannotRun(String reason) {
    String message = "lab not available: " + reason;
    if (required()) {
      return Assertions.fail(message + " (BEDSIDE_LAB=required)");
    }
    System.err.println("[bedside-lab] skipped: " + reason);
    return Assumptions.abort(message);
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\\R");
    return lines.length == 0 ? "" : lines[lines.length - 1].strip();
  }
}
