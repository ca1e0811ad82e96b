package dev.rvjit.linux;

/**
 * A program rvjit was asked to run cannot be loaded: the file is missing, unreadable, not an ELF
 * file, built for another machine, or malformed.
 *
 * <p>{@link #getMessage()} is one complete line meant for the user, starting with {@code rvjit: }
 * and naming the file, e.g. {@code rvjit: 'a.out' is an ELF file for x86-64 (machine 62), not
 * RISC-V}. Print it as it is (no stack trace) and exit with {@link #exitStatus()}.
 */
public final class ElfException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The exit status rvjit uses when a program cannot be loaded. */
  public static final int EXIT_STATUS = 2;

  /**
   * Creates an exception from a complete message line.
   *
   * @param message the line to print, starting with {@code rvjit: }
   */
  public ElfException(String message) {
    super(message);
  }

  /**
   * Creates an exception from a complete message line and the host error that caused it.
   *
   * @param message the line to print, starting with {@code rvjit: }
   * @param cause the underlying host error
   */
  public ElfException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The problem with a named file: {@code rvjit: 'NAME' PROBLEM}.
   *
   * @param file the file as the user named it
   * @param problem what is wrong, e.g. {@code is not an ELF file}
   * @return the exception
   */
  static ElfException of(String file, String problem) {
    return new ElfException("rvjit: '" + file + "' " + problem);
  }

  /**
   * A structural defect: {@code rvjit: 'NAME' is malformed: DETAIL}.
   *
   * @param file the file as the user named it
   * @param detail what is malformed
   * @return the exception
   */
  static ElfException malformed(String file, String detail) {
    return of(file, "is malformed: " + detail);
  }

  /**
   * The process exit status for this failure (always {@value #EXIT_STATUS}).
   *
   * @return the exit status
   */
  public int exitStatus() {
    return EXIT_STATUS;
  }
}
