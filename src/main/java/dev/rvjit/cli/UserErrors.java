package dev.rvjit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/** Maps exceptions that reach the command line to a one-line message and an exit status. */
final class UserErrors {
  private UserErrors() {}

  /** Exceptions that carry their own user-facing status expose it through this interface. */
  interface HasExitStatus {
    int exitStatus();
  }

  static int exitStatus(Throwable ex) {
    if (ex instanceof dev.rvjit.linux.ElfException) {
      return Main.EXIT_USAGE;
    }
    if (ex instanceof IllegalArgumentException || ex instanceof NoSuchFileException
        || ex instanceof UncheckedIOException || ex instanceof IOException) {
      return Main.EXIT_USAGE;
    }
    return Main.EXIT_INTERNAL;
  }

  static String message(Throwable ex) {
    if (ex instanceof dev.rvjit.linux.ElfException) {
      return stripPrefix(ex.getMessage());
    }
    if (ex instanceof NoSuchFileException) {
      return "cannot open '" + ex.getMessage() + "': No such file or directory";
    }
    if (exitStatus(ex) == Main.EXIT_INTERNAL) {
      return "internal error: " + ex;
    }
    return ex.getMessage() == null ? ex.toString() : stripPrefix(ex.getMessage());
  }

  private static String stripPrefix(String m) {
    return m != null && m.startsWith("rvjit: ") ? m.substring(7) : m;
  }
}
