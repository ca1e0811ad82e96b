package dev.rvjit.isa;

/** GNU objdump-style disassembler (skeleton: being written). */
public final class Disassembler {
  private Disassembler() {}

  public static String format(Insn insn) {
    return insn.op.mnemonic;
  }
}
