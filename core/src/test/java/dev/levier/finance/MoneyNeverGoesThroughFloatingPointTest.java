package dev.levier.finance;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Money in the finance and money packages never passes through {@code double} or {@code float}: no
 * field, parameter, return value or call uses them, so no amount, rate or percentage can lose its
 * exactness on the way. Checked on the compiled classes, which a text search of the sources could
 * miss (a call to {@code BigDecimal.doubleValue()} in a chain, a {@code Math.round}).
 */
class MoneyNeverGoesThroughFloatingPointTest {

  private static final Set<String> FLOATING =
      Set.of("double", "float", "java.lang.Double", "java.lang.Float");

  private static final JavaClasses MONEY_CODE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("dev.levier.finance", "dev.levier.money");

  @Test
  void noFieldParameterReturnOrCallUsesFloatingPoint() {
    assertThat(MONEY_CODE.contain(Ledger.class)).isTrue();
    assertThat(offences(MONEY_CODE)).isEmpty();
  }

  @Test
  void theCheckFindsFloatingPoint() {
    JavaClasses offender = new ClassFileImporter().importClasses(HalvesWithADouble.class);

    assertThat(offences(offender)).isNotEmpty();
  }

  private static List<String> offences(JavaClasses classes) {
    List<String> found = new ArrayList<>();
    for (JavaClass type : classes) {
      for (JavaField field : type.getFields()) {
        if (FLOATING.contains(field.getRawType().getName())) {
          found.add(field.getFullName());
        }
      }
      for (JavaCodeUnit unit : type.getCodeUnits()) {
        if (FLOATING.contains(unit.getRawReturnType().getName())
            || unit.getRawParameterTypes().stream().anyMatch(t -> FLOATING.contains(t.getName()))) {
          found.add(unit.getFullName());
        }
        unit.getCallsFromSelf()
            .forEach(
                call -> {
                  var target = call.getTarget();
                  if (FLOATING.contains(target.getRawReturnType().getName())
                      || target.getRawParameterTypes().stream()
                          .anyMatch(t -> FLOATING.contains(t.getName()))) {
                    found.add(unit.getFullName() + " calls " + target.getFullName());
                  }
                });
      }
    }
    return found;
  }

  /** A deliberate offender, to show the check is not vacuous. */
  static final class HalvesWithADouble {
    long half(java.math.BigDecimal amount) {
      return Math.round(amount.doubleValue() / 2);
    }
  }
}
