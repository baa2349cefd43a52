package io.solstice.engine.ray;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDK packages Ray's serializer (FST) reflects into when a task or actor call fails, or when it
 * serializes anything but strings, primitives and byte arrays. Without them a failing call exits a
 * local-mode JVM and breaks a cluster worker, so the driver must have them and every worker JVM is
 * given them.
 */
public final class RayJvmFlags {
  private static final String[] OPENED_PACKAGES = {
    "java.lang", "java.math", "java.util", "java.util.concurrent", "java.net", "java.text"
  };

  private RayJvmFlags() {}

  /** The {@code --add-opens} flags, one per package. */
  public static List<String> addOpens() {
    List<String> flags = new ArrayList<>();
    for (String pkg : OPENED_PACKAGES) {
      flags.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
    }
    return flags;
  }

  /**
   * The {@code --add-opens} flags this JVM was started with, as single arguments: executors get the
   * driver's, so that what the job's code needs opened there (Arrow's {@code java.nio}, say) is open
   * where its workers run too.
   */
  public static List<String> ownAddOpens() {
    List<String> flags = new ArrayList<>();
    List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      if (argument.startsWith("--add-opens=")) {
        flags.add(argument);
      } else if (argument.equals("--add-opens") && i + 1 < arguments.size()) {
        flags.add("--add-opens=" + arguments.get(++i));
      }
    }
    return flags;
  }

  /** Refuses to start Ray in a JVM started without the flags, naming them. */
  static void check() {
    StringBuilder missing = new StringBuilder();
    for (String pkg : OPENED_PACKAGES) {
      if (!Object.class.getModule().isOpen(pkg, RayJvmFlags.class.getModule())) {
        missing.append(" --add-opens=java.base/").append(pkg).append("=ALL-UNNAMED");
      }
    }
    if (missing.length() > 0) {
      throw new IllegalStateException(
          "Ray needs these JVM flags, which this JVM was started without:"
              + missing
              + ". Add them to the java command line (the Solstice runnable jars set them in their"
              + " manifest).");
    }
  }
}
