package io.solstice.engine.ray;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The driver's classpath as Ray's code search path, so that worker JVMs load the job's classes:
 * every entry of {@code java.class.path}, with the entries of a manifest-only jar (as Surefire
 * and launchers use) expanded, less Ray's own jars, which workers already have.
 */
final class RayCodePath {
  private RayCodePath() {}

  static String of(String classPath) {
    Set<String> entries = new LinkedHashSet<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      add(Paths.get(entry).toAbsolutePath().normalize(), entries);
    }
    return String.join(File.pathSeparator, entries);
  }

  private static void add(Path entry, Set<String> entries) {
    String name = entry.getFileName() == null ? "" : entry.getFileName().toString();
    if (!Files.exists(entry) || isRayJar(name) || !entries.add(entry.toString())) {
      return;
    }
    if (name.endsWith(".jar")) {
      for (Path referenced : manifestClassPath(entry)) {
        add(referenced, entries);
      }
    }
  }

  private static boolean isRayJar(String name) {
    return name.equals("ray_dist.jar") || name.startsWith("ray-api-") || name.startsWith("ray-runtime-");
  }

  private static Set<Path> manifestClassPath(Path jar) {
    Set<Path> referenced = new LinkedHashSet<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      if (classPath == null) {
        return referenced;
      }
      for (String item : classPath.trim().split("\\s+")) {
        if (item.isEmpty()) {
          continue;
        }
        referenced.add(
            item.contains(":") ? Paths.get(URI.create(item)) : jar.resolveSibling(item).normalize());
      }
    } catch (IOException | IllegalArgumentException e) {
      // Not a readable jar: it stays on the path as it is.
    }
    return referenced;
  }
}
