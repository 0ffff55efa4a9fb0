package dev.levier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.levier.geo.CountryCode;
import dev.levier.money.Money;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Core holds the domain engines that every deployment shares, so it must stay free of frameworks
 * and of I/O: those belong to the app module, where they can be swapped and tested apart.
 */
class CoreIsPureTest {

  /**
   * CEL ({@code dev.cel}) is the one library core may use, for the expression conditions of
   * commission rules. It is pure in the sense that matters here: it does no I/O, and its language
   * has no loops, recursion or assignment, so an expression runs in time bounded by its size (the
   * macros iterate over finite lists, and the environment caps their iterations). Its standard
   * environment has no function that reads a file, the clock or the network, and Levier adds none.
   * Only CEL's own API is allowed: Guava and protobuf, which it uses inside, stay out of core's
   * code.
   *
   * <p>Apache Commons Math is allowed for the analytics engines (customer value models, holdout
   * statistics), and only the parts that are arithmetic: special functions (log-gamma, log-beta),
   * the optimisers, the function interfaces they take and their exceptions. Its other packages hold
   * classes that read files or URLs ({@code random.ValueServer}) or keep mutable global state, and
   * stay out.
   */
  static final ArchRule ONLY_JDK_JSPECIFY_AND_LEVIER =
      classes()
          .that()
          .resideInAPackage("dev.levier..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "java..",
              "org.jspecify..",
              "dev.levier..",
              "dev.cel..",
              "org.apache.commons.math3.special..",
              "org.apache.commons.math3.optim..",
              "org.apache.commons.math3.analysis..",
              "org.apache.commons.math3.exception..")
          .because(
              "core is pure domain code: no framework and no I/O library, except CEL, which does"
                  + " no I/O and cannot loop, and the arithmetic of Commons Math");

  static final ArchRule NO_JDK_IO =
      noClasses()
          .that()
          .resideInAPackage("dev.levier..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.sql..", "java.net.http..", "java.nio.file..")
          .orShould()
          .dependOnClassesThat()
          .haveNameMatching("java\\.io\\.File.*")
          .because("core does no I/O: databases, HTTP and files are the app module's business");

  /** Core's main classes only: test classes and jars on the test class path are left out. */
  private static final JavaClasses CORE_MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("dev.levier");

  @Test
  void importsTheMainClassesAndNoTests() {
    assertThat(CORE_MAIN.contain(Money.class)).isTrue();
    assertThat(CORE_MAIN.contain(CountryCode.class)).isTrue();
    assertThat(CORE_MAIN.contain(CoreIsPureTest.class)).isFalse();
  }

  @Test
  void coreDependsOnlyOnTheJdkJspecifyCelCommonsMathAndItself() {
    ONLY_JDK_JSPECIFY_AND_LEVIER.check(CORE_MAIN);
  }

  @Test
  void coreDoesNoIoThroughTheJdk() {
    NO_JDK_IO.check(CORE_MAIN);
  }

  @Test
  void theRulesCatchAFrameworkDependency() {
    JavaClasses offender = new ClassFileImporter().importClasses(UsesALibrary.class);

    assertThat(ONLY_JDK_JSPECIFY_AND_LEVIER.evaluate(offender).hasViolation()).isTrue();
  }

  @Test
  void theRulesCatchTheLibrariesCelUsesInside() {
    JavaClasses offender = new ClassFileImporter().importClasses(UsesGuava.class);

    assertThat(ONLY_JDK_JSPECIFY_AND_LEVIER.evaluate(offender).hasViolation()).isTrue();
  }

  @Test
  void theRulesCatchTheCommonsMathPackagesThatDoIo() {
    JavaClasses offender = new ClassFileImporter().importClasses(UsesValueServer.class);

    assertThat(ONLY_JDK_JSPECIFY_AND_LEVIER.evaluate(offender).hasViolation()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(classes = {ReadsFiles.class, UsesJavaIoFile.class, TalksSql.class, TalksHttp.class})
  void theRulesCatchJdkIo(Class<?> offenderClass) {
    JavaClasses offender = new ClassFileImporter().importClasses(offenderClass);

    assertThat(NO_JDK_IO.evaluate(offender).hasViolation()).isTrue();
    assertThat(ONLY_JDK_JSPECIFY_AND_LEVIER.evaluate(offender).hasViolation()).isFalse();
  }

  // Deliberate offenders, in test sources only, to show that the rules are not vacuous.

  static final class UsesALibrary {
    Object assertions() {
      return Assertions.class;
    }
  }

  static final class UsesGuava {
    Object empty() {
      return com.google.common.collect.ImmutableList.of();
    }
  }

  static final class UsesValueServer {
    Object replay() {
      return new org.apache.commons.math3.random.ValueServer();
    }
  }

  static final class ReadsFiles {
    byte[] read(Path path) throws java.io.IOException {
      return Files.readAllBytes(path);
    }
  }

  static final class UsesJavaIoFile {
    boolean exists(String name) {
      return new java.io.File(name).exists();
    }
  }

  static final class TalksSql {
    void close(Connection connection) throws java.sql.SQLException {
      connection.close();
    }
  }

  static final class TalksHttp {
    HttpClient client() {
      return HttpClient.newHttpClient();
    }
  }
}
