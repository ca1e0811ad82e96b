package dev.rvjit.cpu;

/** The guest called exit or exit_group: a normal end, carrying the status. */
public final class GuestExit extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public GuestExit(int status) {
    super("exit " + status, null, false, false);
    this.status = status & 0xff;
  }

  public int status() {
    return status;
  }
}
