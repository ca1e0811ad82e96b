package dev.rvjit.cpu;

/** An instruction word that is not a valid RV64GC instruction, or an invalid use of one (SIGILL). */
public final class IllegalInstruction extends GuestTrap {
  private static final long serialVersionUID = 1L;
  private final int word;

  public IllegalInstruction(int word, int length) {
    super(length == 2 ? String.format("illegal instruction 0x%04x", word & 0xffff)
        : String.format("illegal instruction 0x%08x", word));
    this.word = word;
  }

  /** The instruction word (16 bits for a compressed encoding). */
  public int word() {
    return word;
  }

  @Override
  public int exitStatus() {
    return 132;
  }
}
