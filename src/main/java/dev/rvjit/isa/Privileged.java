package dev.rvjit.isa;

/**
 * Names of the privileged SYSTEM instructions that decode to {@link Opcode#ILLEGAL} in user mode
 * but that objdump still prints by name ({@code uret}, {@code mret}, {@code sret}, {@code wfi},
 * {@code sfence.vma}), so disassembly of such words matches objdump.
 */
final class Privileged {
  private Privileged() {}

  static String format(int raw, int len, String fallback) {
    if (len != 4) {
      return fallback;
    }
    switch (raw) {
      case 0x00200073: return "uret";
      case 0x30200073: return "mret";
      case 0x10200073: return "sret";
      case 0x7b200073: return "dret";
      case 0x10500073: return "wfi";
      default: break;
    }
    if ((raw & 0xfe007fff) == 0x12000073) { // sfence.vma rs1, rs2
      int rs1 = (raw >>> 15) & 31;
      int rs2 = (raw >>> 20) & 31;
      if (rs2 != 0) {
        return "sfence.vma\t" + Disassembler.xreg(rs1) + "," + Disassembler.xreg(rs2);
      }
      return rs1 != 0 ? "sfence.vma\t" + Disassembler.xreg(rs1) : "sfence.vma";
    }
    return fallback;
  }
}
