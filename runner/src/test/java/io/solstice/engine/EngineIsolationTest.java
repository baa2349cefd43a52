package io.solstice.engine;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Collection;
import java.util.Map;
import org.junit.Test;

/**
 * The engine knows nothing of Beam, nor of the translation or runner layers above it; its packages
 * form no cycle; it keeps no static registries.
 */
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

  /**
   * The engine's packages (executor host, coordinator, stage masters, workers, queues, the driver's
   * job, the Ray session) depend on each other in one direction only: roles reach each other by
   * messages, not through each other's classes.
   */
  @Test
  public void enginePackagesFormNoCycles() {
    slices().matching("io.solstice.engine.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  /**
   * No static registries: nothing in the engine keeps state in static fields (neither a
   * non-final one nor a collection) but the JVM's Ray session, Ray's own runtime being one per
   * process.
   */
  @Test
  public void noStaticStateOutsideTheRaySession() {
    noFields()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage("io.solstice.engine..")
        .and()
        .areDeclaredInClassesThat()
        .doNotHaveSimpleName("RaySession")
        .and()
        .areStatic()
        .should()
        .notBeFinal()
        .orShould()
        .haveRawType(assignableTo(Map.class))
        .orShould()
        .haveRawType(assignableTo(Collection.class))
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
