package dev.rvjit.linux;

import dev.rvjit.cpu.GuestTrap;

/**
 * The guest sent itself a signal whose action is the default one, terminate (for instance
 * {@code abort()} raising SIGABRT). Like a process killed by that signal, the exit status is
 * 128 + the signal number. qemu-riscv64 7.2 prints nothing itself in this case; the shell reports
 * the signal ("Aborted").
 */
public final class FatalSignal extends GuestTrap {
  private static final long serialVersionUID = 1L;
  private static final String[] DESCRIPTIONS = {"Unknown signal 0", "Hangup", "Interrupt", "Quit",
    "Illegal instruction", "Trace/breakpoint trap", "Aborted", "Bus error",
    "Floating point exception", "Killed", "User defined signal 1", "Segmentation fault",
    "User defined signal 2", "Broken pipe", "Alarm clock", "Terminated", "Stack fault",
    "Child exited", "Continued", "Stopped (signal)", "Stopped", "Stopped (tty input)",
    "Stopped (tty output)", "Urgent I/O condition", "CPU time limit exceeded",
    "File size limit exceeded", "Virtual timer expired", "Profiling timer expired",
    "Window changed", "I/O possible", "Power failure", "Bad system call"};

  private final int signal;

  /** The guest is ended by {@code signal} (1..64). */
  public FatalSignal(int signal) {
    super("killed by signal " + signal + " (" + description(signal) + ")");
    this.signal = signal;
  }

  /** The signal number (1..64). */
  public int signal() {
    return signal;
  }

  /** What glibc's strsignal says about a signal, e.g. "Aborted" for 6. */
  public static String description(int signal) {
    if (signal >= 0 && signal < DESCRIPTIONS.length) {
      return DESCRIPTIONS[signal];
    }
    return "Real-time signal " + (signal - 34);
  }

  @Override
  public int exitStatus() {
    return 128 + signal;
  }
}
