package dev.rvjit.isa;

/** RV64GC decoder (skeleton: being written). */
public final class Decoder {
  private Decoder() {}

  /** Length in bytes of the instruction whose first 16 bits are {@code lo16}: 2 or 4. */
  public static int length(int lo16) {
    return (lo16 & 3) == 3 ? 4 : 2;
  }

  /**
   * Decodes the instruction at {@code pc}. {@code bits} holds the 32-bit word, or for a compressed
   * instruction the 16-bit halfword in its low bits (upper bits ignored). Never throws: an invalid
   * encoding decodes to {@link Opcode#ILLEGAL}.
   */
  public static Insn decode(long pc, int bits) {
    throw new UnsupportedOperationException();
  }
}
