package io.solstice.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.Test;

/** The engine knows nothing of Beam, nor of the translation or runner layers above it. */
public class EngineIsolationTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.solstice");

  @Test
  public void engineDoesNotDependOnBeam() {
    noClasses()
        .that()
        .resideInAPackage("io.solstice.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.beam..")
        .check(CLASSES);
  }

  @Test
  public void engineDoesNotDependOnTranslationOrRunner() {
    noClasses()
        .that()
        .resideInAPackage("io.solstice.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.solstice.translation..", "io.solstice.runner..")
        .check(CLASSES);
  }

  @Test
  public void translationDoesNotDependOnRay() {
    noClasses()
        .that()
        .resideInAPackage("io.solstice.translation..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.ray..", "io.solstice.engine..", "io.solstice.runner..")
        .check(CLASSES);
  }
}
