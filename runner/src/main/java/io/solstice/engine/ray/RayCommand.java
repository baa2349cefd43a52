package io.solstice.engine.ray;

import io.ray.api.Ray;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;

/**
 * Finds the {@code ray} command line, which starts a cluster's head: given explicitly, else the
 * one installed with the {@code ray_dist.jar} this JVM runs on (the wheel's jar lies in
 * {@code <venv>/lib/python3.*}/site-packages/ray/jars/}), else the first on the PATH.
 */
final class RayCommand {
  private RayCommand() {}

  static Path find(String given) {
    if (given != null && !given.isBlank()) {
      Path path = Paths.get(given);
      if (!Files.isExecutable(path)) {
        throw new IllegalArgumentException(
            "Invalid option --rayCommand=" + given + ": it is not an executable file. Pass the path of the"
                + " `ray` command of a ray 2.58.0 installation (scripts/install-ray.sh makes one).");
      }
      return path;
    }
    Path besideJar = besideRayJar();
    if (besideJar != null) {
      return besideJar;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Paths.get(dir, "ray");
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "Ray's cluster mode needs the `ray` command of ray 2.58.0 to start a head, and none was found:"
            + " not beside the ray_dist.jar on the classpath, nor on the PATH. Install it"
            + " (scripts/install-ray.sh), or pass --rayCommand, or start a cluster yourself and pass"
            + " --rayAddress.");
  }

  private static Path besideRayJar() {
    try {
      CodeSource source = Ray.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return null;
      }
      Path jar = Paths.get(source.getLocation().toURI());
      // <venv>/lib/python3.x/site-packages/ray/jars/ray_dist.jar -> <venv>/bin/ray
      Path venv = jar.getParent();
      for (int i = 0; i < 5 && venv != null; i++) {
        venv = venv.getParent();
      }
      Path command = venv == null ? null : venv.resolve("bin").resolve("ray");
      return command != null && Files.isExecutable(command) ? command : null;
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }
}
