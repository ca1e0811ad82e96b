package dev.rvjit.cpu;

/** A guest access to memory that is not mapped or lacks the permission (SIGSEGV), or a misaligned atomic (SIGBUS). */
public final class MemoryFault extends GuestTrap {
  private static final long serialVersionUID = 1L;

  /** What the access was trying to do. */
  public enum Access {
    READ("read"),
    WRITE("write"),
    EXECUTE("instruction fetch");

    final String word;

    Access(String word) {
      this.word = word;
    }
  }

  private final long address;
  private final Access access;
  private final boolean misaligned;

  public MemoryFault(long address, Access access, boolean misaligned) {
    super(String.format("%s%s at address 0x%x", misaligned ? "misaligned atomic " : "invalid ",
        access.word, address));
    this.address = address;
    this.access = access;
    this.misaligned = misaligned;
  }

  public MemoryFault(long address, Access access) {
    this(address, access, false);
  }

  public long address() {
    return address;
  }

  public Access access() {
    return access;
  }

  /** SIGBUS (135) for a misaligned atomic, SIGSEGV (139) otherwise. */
  @Override
  public int exitStatus() {
    return misaligned ? 135 : 139;
  }

  @Override
  public String describe() {
    return (misaligned ? "bus error: " : "segmentation fault: ") + super.describe();
  }
}
