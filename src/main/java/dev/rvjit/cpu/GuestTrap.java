package dev.rvjit.cpu;

/**
 * A guest-level outcome that stops the guest abnormally (a fault, an illegal instruction, a limit).
 * Thrown from wherever it is detected and caught once, at the top of the run loop; the engine that
 * was running fills in the guest {@link #pc}. These are not Java bugs: they carry no stack trace.
 */
public abstract class GuestTrap extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private long pc = -1;

  protected GuestTrap(String message) {
    super(message, null, false, false);
  }

  /** Guest pc of the instruction that caused the trap, or -1 if not known yet. */
  public long pc() {
    return pc;
  }

  /** Records the guest pc, unless one was recorded already (the innermost engine knows best). */
  public GuestTrap at(long guestPc) {
    if (pc == -1) {
      pc = guestPc;
    }
    return this;
  }

  /** The process exit status a shell would show (128 + signal number for a signal death). */
  public abstract int exitStatus();

  /** One line for the user, naming the pc and whatever else matters. */
  public String describe() {
    return (pc == -1 ? "" : String.format("pc 0x%x: ", pc)) + getMessage();
  }
}
