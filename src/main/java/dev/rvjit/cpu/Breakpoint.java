package dev.rvjit.cpu;

/** An {@code ebreak} with no debugger attached: SIGTRAP, as under Linux. */
public final class Breakpoint extends GuestTrap {
  private static final long serialVersionUID = 1L;

  public Breakpoint() {
    super("breakpoint (ebreak)");
  }

  @Override
  public int exitStatus() {
    return 133;
  }

  @Override
  public String describe() {
    return "trace/breakpoint trap: " + super.describe();
  }
}
