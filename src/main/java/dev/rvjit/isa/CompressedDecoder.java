package dev.rvjit.isa;

/**
 * Expands RV64C halfwords to the base instruction they stand for (RVC chapter of the unprivileged
 * ISA manual). Reserved encodings and RV32/RV128-only encodings give {@link Opcode#ILLEGAL};
 * HINT encodings are legal and decode to their base instruction (a write to x0 is dropped by the
 * engines).
 */
final class CompressedDecoder {
  private CompressedDecoder() {}

  static Insn decode(long pc, int h) {
    switch (((h >>> 11) & 0x1c) | (h & 3)) { // funct3 << 2 | quadrant
      // Quadrant 0
      case 0x00: { // c.addi4spn
        int imm = ((h >>> 7) & 0x30) | ((h >>> 1) & 0x3c0) | ((h >>> 4) & 4) | ((h >>> 2) & 8);
        return imm == 0 ? illegal(pc, h) : c(Opcode.ADDI, pc, h, rdc(h), 2, 0, imm);
      }
      case 0x04: // c.fld
        return c(Opcode.FLD, pc, h, rdc(h), rs1c(h), 0, uimmD(h));
      case 0x08: // c.lw
        return c(Opcode.LW, pc, h, rdc(h), rs1c(h), 0, uimmW(h));
      case 0x0c: // c.ld
        return c(Opcode.LD, pc, h, rdc(h), rs1c(h), 0, uimmD(h));
      case 0x14: // c.fsd
        return c(Opcode.FSD, pc, h, 0, rs1c(h), rdc(h), uimmD(h));
      case 0x18: // c.sw
        return c(Opcode.SW, pc, h, 0, rs1c(h), rdc(h), uimmW(h));
      case 0x1c: // c.sd
        return c(Opcode.SD, pc, h, 0, rs1c(h), rdc(h), uimmD(h));
      // Quadrant 1
      case 0x01: // c.addi, c.nop (HINTs included)
        return c(Opcode.ADDI, pc, h, rd(h), rd(h), 0, imm6(h));
      case 0x05: // c.addiw
        return rd(h) == 0 ? illegal(pc, h) : c(Opcode.ADDIW, pc, h, rd(h), rd(h), 0, imm6(h));
      case 0x09: // c.li
        return c(Opcode.ADDI, pc, h, rd(h), 0, 0, imm6(h));
      case 0x0d:
        return luiOrAddi16sp(pc, h);
      case 0x11:
        return miscAlu(pc, h);
      case 0x15: // c.j
        return c(Opcode.JAL, pc, h, 0, 0, 0, immCj(h));
      case 0x19: // c.beqz
        return c(Opcode.BEQ, pc, h, 0, rs1c(h), 0, immCb(h));
      case 0x1d: // c.bnez
        return c(Opcode.BNE, pc, h, 0, rs1c(h), 0, immCb(h));
      // Quadrant 2
      case 0x02: // c.slli (HINTs with rd = 0 or shamt = 0 included)
        return c(Opcode.SLLI, pc, h, rd(h), rd(h), 0, shamt(h));
      case 0x06: // c.fldsp
        return c(Opcode.FLD, pc, h, rd(h), 2, 0, uimmLdsp(h));
      case 0x0a: { // c.lwsp
        int imm = ((h >>> 7) & 0x20) | ((h >>> 2) & 0x1c) | ((h << 4) & 0xc0);
        return rd(h) == 0 ? illegal(pc, h) : c(Opcode.LW, pc, h, rd(h), 2, 0, imm);
      }
      case 0x0e: // c.ldsp
        return rd(h) == 0 ? illegal(pc, h) : c(Opcode.LD, pc, h, rd(h), 2, 0, uimmLdsp(h));
      case 0x12:
        return jrMvAdd(pc, h);
      case 0x16: // c.fsdsp
        return c(Opcode.FSD, pc, h, 0, 2, rs2(h), uimmSdsp(h));
      case 0x1a: { // c.swsp
        int imm = ((h >>> 7) & 0x3c) | ((h >>> 1) & 0xc0);
        return c(Opcode.SW, pc, h, 0, 2, rs2(h), imm);
      }
      case 0x1e: // c.sdsp
        return c(Opcode.SD, pc, h, 0, 2, rs2(h), uimmSdsp(h));
      default: // 0x10 (reserved), quadrant 3 never arrives here
        return illegal(pc, h);
    }
  }

  private static Insn luiOrAddi16sp(long pc, int h) {
    int rd = rd(h);
    if (rd == 2) { // c.addi16sp
      int imm = ((h >>> 3) & 0x200) | ((h >>> 2) & 0x10) | ((h << 1) & 0x40) | ((h << 4) & 0x180)
          | ((h << 3) & 0x20);
      imm = (imm << 22) >> 22;
      return imm == 0 ? illegal(pc, h) : c(Opcode.ADDI, pc, h, 2, 2, 0, imm);
    }
    long imm = (long) imm6(h) << 12;
    return imm == 0 ? illegal(pc, h) : c(Opcode.LUI, pc, h, rd, 0, 0, imm);
  }

  private static Insn miscAlu(long pc, int h) {
    int rd = rs1c(h);
    switch ((h >>> 10) & 3) {
      case 0: return c(Opcode.SRLI, pc, h, rd, rd, 0, shamt(h));
      case 1: return c(Opcode.SRAI, pc, h, rd, rd, 0, shamt(h));
      case 2: return c(Opcode.ANDI, pc, h, rd, rd, 0, imm6(h));
      default:
        break;
    }
    Opcode op;
    switch (((h >>> 10) & 4) | ((h >>> 5) & 3)) {
      case 0: op = Opcode.SUB; break;
      case 1: op = Opcode.XOR; break;
      case 2: op = Opcode.OR; break;
      case 3: op = Opcode.AND; break;
      case 4: op = Opcode.SUBW; break;
      case 5: op = Opcode.ADDW; break;
      default: return illegal(pc, h);
    }
    return c(op, pc, h, rd, rd, rdc(h), 0);
  }

  private static Insn jrMvAdd(long pc, int h) {
    int rd = rd(h);
    int rs2 = rs2(h);
    if ((h & 0x1000) == 0) {
      if (rs2 == 0) { // c.jr
        return rd == 0 ? illegal(pc, h) : c(Opcode.JALR, pc, h, 0, rd, 0, 0);
      }
      return c(Opcode.ADD, pc, h, rd, 0, rs2, 0); // c.mv
    }
    if (rs2 == 0) {
      if (rd == 0) {
        return c(Opcode.EBREAK, pc, h, 0, 0, 0, 0);
      }
      return c(Opcode.JALR, pc, h, 1, rd, 0, 0); // c.jalr
    }
    return c(Opcode.ADD, pc, h, rd, rd, rs2, 0); // c.add
  }

  private static Insn c(Opcode op, long pc, int h, int rd, int rs1, int rs2, long imm) {
    return new Insn(op, pc, h, 2, rd, rs1, rs2, 0, 0, imm);
  }

  private static Insn illegal(long pc, int h) {
    return Decoder.illegal(pc, h, 2);
  }

  private static int rd(int h) {
    return (h >>> 7) & 31;
  }

  private static int rs2(int h) {
    return (h >>> 2) & 31;
  }

  /** rd' / rs2' in bits 4:2. */
  private static int rdc(int h) {
    return 8 + ((h >>> 2) & 7);
  }

  /** rs1' / rd' in bits 9:7. */
  private static int rs1c(int h) {
    return 8 + ((h >>> 7) & 7);
  }

  /** Sign-extended 6-bit immediate: bit 12 is imm[5], bits 6:2 imm[4:0]. */
  private static int imm6(int h) {
    return ((((h >>> 7) & 0x20) | ((h >>> 2) & 0x1f)) << 26) >> 26;
  }

  private static int shamt(int h) {
    return ((h >>> 7) & 0x20) | ((h >>> 2) & 0x1f);
  }

  /** c.lw/c.sw offset: [12:10] = uimm[5:3], [6] = uimm[2], [5] = uimm[6]. */
  private static int uimmW(int h) {
    return ((h >>> 7) & 0x38) | ((h >>> 4) & 4) | ((h << 1) & 0x40);
  }

  /** c.ld/c.sd/c.fld/c.fsd offset: [12:10] = uimm[5:3], [6:5] = uimm[7:6]. */
  private static int uimmD(int h) {
    return ((h >>> 7) & 0x38) | ((h << 1) & 0xc0);
  }

  /** c.ldsp/c.fldsp offset: [12] = uimm[5], [6:5] = uimm[4:3], [4:2] = uimm[8:6]. */
  private static int uimmLdsp(int h) {
    return ((h >>> 7) & 0x20) | ((h >>> 2) & 0x18) | ((h << 4) & 0x1c0);
  }

  /** c.sdsp/c.fsdsp offset: [12:10] = uimm[5:3], [9:7] = uimm[8:6]. */
  private static int uimmSdsp(int h) {
    return ((h >>> 7) & 0x38) | ((h >>> 1) & 0x1c0);
  }

  /** c.j offset. */
  private static long immCj(int h) {
    int imm = ((h >>> 1) & 0x800) // [12] -> 11
        | ((h >>> 7) & 0x10) // [11] -> 4
        | ((h >>> 1) & 0x300) // [10:9] -> 9:8
        | ((h << 2) & 0x400) // [8] -> 10
        | ((h >>> 1) & 0x40) // [7] -> 6
        | ((h << 1) & 0x80) // [6] -> 7
        | ((h >>> 2) & 0xe) // [5:3] -> 3:1
        | ((h << 3) & 0x20); // [2] -> 5
    return (imm << 20) >> 20;
  }

  /** c.beqz/c.bnez offset. */
  private static long immCb(int h) {
    int imm = ((h >>> 4) & 0x100) // [12] -> 8
        | ((h >>> 7) & 0x18) // [11:10] -> 4:3
        | ((h << 1) & 0xc0) // [6:5] -> 7:6
        | ((h >>> 2) & 6) // [4:3] -> 2:1
        | ((h << 3) & 0x20); // [2] -> 5
    return (imm << 23) >> 23;
  }
}
