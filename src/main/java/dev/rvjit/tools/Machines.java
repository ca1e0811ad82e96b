package dev.rvjit.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A one-line description of the host, printed with every benchmark result. */
public final class Machines {
  private Machines() {}

  /** CPU model, core count, OS and JVM, e.g. {@code AMD EPYC 7B13, 2 cores, Linux 6.1, OpenJDK 17.0.15}. */
  public static String describe() {
    return cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
        + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch") + ", " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.version");
  }

  static String cpuModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      for (String l : lines) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // Not Linux, or no permission: the architecture is all we can say.
    }
    return "unknown CPU";
  }
}
