package dev.rvjit.isa;

/**
 * One decoded instruction at one guest address. Immutable; made once by {@link Decoder} and cached
 * in a block, so execution never decodes.
 *
 * <p>Field use by shape ({@link Kind}): {@code rd}, {@code rs1}, {@code rs2}, {@code rs3} are
 * register numbers (integer or floating point as the opcode says); {@code imm} is the
 * sign-extended immediate (for CSR instructions the CSR number; for fence the pred/succ/fm bits);
 * {@code rm} the rounding-mode field (7 = dynamic) or, for atomics, the aq/rl bits.
 */
public final class Insn {
  /** The instruction. */
  public final Opcode op;
  /** Guest address of the instruction. */
  public final long pc;
  /** The raw encoding (16 bits for compressed instructions, else 32). */
  public final int raw;
  /** Length in bytes: 2 (compressed) or 4. */
  public final int len;
  /** Destination register. */
  public final int rd;
  /** First source register (for {@link Kind#CSRI}, the 5-bit unsigned immediate). */
  public final int rs1;
  /** Second source register. */
  public final int rs2;
  /** Third source register (fused multiply-add). */
  public final int rs3;
  /** Rounding mode (FP) or aq/rl bits (atomics: aq = 2, rl = 1). */
  public final int rm;
  /** Sign-extended immediate, CSR number, or fence bits. */
  public final long imm;
  /**
   * Where an integer result goes in the interpreter's register array: {@code rd}, or 32 (a sink
   * slot that is never read) when {@code rd} is x0, so writes to x0 need no test.
   */
  public final int xd;

  public Insn(Opcode op, long pc, int raw, int len, int rd, int rs1, int rs2, int rs3, int rm,
      long imm) {
    this.op = op;
    this.pc = pc;
    this.raw = raw;
    this.len = len;
    this.rd = rd;
    this.rs1 = rs1;
    this.rs2 = rs2;
    this.rs3 = rs3;
    this.rm = rm;
    this.imm = imm;
    this.xd = rd == 0 ? 32 : rd;
  }

  /** Address of the next sequential instruction. */
  public long next() {
    return pc + len;
  }

  @Override
  public String toString() {
    return String.format("%x: %s", pc, Disassembler.format(this));
  }
}
