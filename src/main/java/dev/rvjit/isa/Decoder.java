package dev.rvjit.isa;

/**
 * RV64GC decoder: turns one instruction word into an {@link Insn}.
 *
 * <p>Decoding dispatches on the major opcode and then on the function fields with plain
 * {@code switch} statements, so it allocates nothing but the returned {@code Insn}. Compressed
 * instructions (the low two bits not {@code 11}) are expanded by {@link CompressedDecoder} to the
 * base instruction they stand for, with {@link Insn#len} 2 and {@link Insn#raw} the halfword.
 *
 * <p>Every fixed field is checked: an encoding that is not a valid RV64GC user-level instruction
 * decodes to {@link Opcode#ILLEGAL} (with {@code raw} and {@code len} set), never to an
 * exception.
 */
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
    if ((bits & 3) != 3) {
      return CompressedDecoder.decode(pc, bits & 0xffff);
    }
    return decode32(pc, bits);
  }

  private static Insn decode32(long pc, int w) {
    int rd = (w >>> 7) & 31;
    int rs1 = (w >>> 15) & 31;
    int rs2 = (w >>> 20) & 31;
    int f3 = (w >>> 12) & 7;
    int f7 = w >>> 25;
    switch (w & 0x7f) {
      case 0x37:
        return new Insn(Opcode.LUI, pc, w, 4, rd, 0, 0, 0, 0, w & 0xfffff000);
      case 0x17:
        return new Insn(Opcode.AUIPC, pc, w, 4, rd, 0, 0, 0, 0, w & 0xfffff000);
      case 0x6f:
        return new Insn(Opcode.JAL, pc, w, 4, rd, 0, 0, 0, 0, immJ(w));
      case 0x67:
        return f3 == 0 ? i(Opcode.JALR, pc, w, rd, rs1, w >> 20) : illegal(pc, w, 4);
      case 0x63:
        return branch(pc, w, f3, rs1, rs2);
      case 0x03:
        return load(pc, w, f3, rd, rs1);
      case 0x23:
        return store(pc, w, f3, rs1, rs2);
      case 0x13:
        return opImm(pc, w, f3, rd, rs1);
      case 0x1b:
        return opImm32(pc, w, f3, rd, rs1);
      case 0x33:
        return op(pc, w, f3, f7, rd, rs1, rs2);
      case 0x3b:
        return op32(pc, w, f3, f7, rd, rs1, rs2);
      case 0x0f:
        if (f3 == 0) {
          return new Insn(Opcode.FENCE, pc, w, 4, rd, rs1, 0, 0, 0, w >>> 20);
        }
        return f3 == 1 ? new Insn(Opcode.FENCE_I, pc, w, 4, rd, rs1, 0, 0, 0, w >>> 20)
            : illegal(pc, w, 4);
      case 0x73:
        return system(pc, w, f3, rd, rs1);
      case 0x2f:
        return amo(pc, w, f3, rd, rs1, rs2);
      case 0x07:
        if (f3 == 2 || f3 == 3) {
          return i(f3 == 2 ? Opcode.FLW : Opcode.FLD, pc, w, rd, rs1, w >> 20);
        }
        return illegal(pc, w, 4);
      case 0x27:
        if (f3 == 2 || f3 == 3) {
          return new Insn(f3 == 2 ? Opcode.FSW : Opcode.FSD, pc, w, 4, 0, rs1, rs2, 0, 0,
              immS(w));
        }
        return illegal(pc, w, 4);
      case 0x43:
        return fma(pc, w, Opcode.FMADD_S, Opcode.FMADD_D);
      case 0x47:
        return fma(pc, w, Opcode.FMSUB_S, Opcode.FMSUB_D);
      case 0x4b:
        return fma(pc, w, Opcode.FNMSUB_S, Opcode.FNMSUB_D);
      case 0x4f:
        return fma(pc, w, Opcode.FNMADD_S, Opcode.FNMADD_D);
      case 0x53:
        return FpDecoder.opFp(pc, w, f3, f7, rd, rs1, rs2);
      default:
        return illegal(pc, w, 4);
    }
  }

  /** The sign-extended J-type immediate (jal offset) of {@code w}. */
  static long immJ(int w) {
    int imm = ((w >> 31) << 20) // bit 20, sign
        | (((w >>> 12) & 0xff) << 12) // bits 19:12
        | (((w >>> 20) & 1) << 11) // bit 11
        | (((w >>> 21) & 0x3ff) << 1); // bits 10:1
    return imm;
  }

  /** The sign-extended B-type immediate (branch offset) of {@code w}. */
  static long immB(int w) {
    int imm = ((w >> 31) << 12)
        | (((w >>> 7) & 1) << 11)
        | (((w >>> 25) & 0x3f) << 5)
        | (((w >>> 8) & 0xf) << 1);
    return imm;
  }

  /** The sign-extended S-type immediate (store offset) of {@code w}. */
  static long immS(int w) {
    return ((w >> 25) << 5) | ((w >>> 7) & 31);
  }

  private static Insn i(Opcode op, long pc, int w, int rd, int rs1, long imm) {
    return new Insn(op, pc, w, 4, rd, rs1, 0, 0, 0, imm);
  }

  private static Insn r(Opcode op, long pc, int w, int rd, int rs1, int rs2) {
    return new Insn(op, pc, w, 4, rd, rs1, rs2, 0, 0, 0);
  }

  static Insn illegal(long pc, int raw, int len) {
    return new Insn(Opcode.ILLEGAL, pc, raw, len, 0, 0, 0, 0, 0, 0);
  }

  private static Insn branch(long pc, int w, int f3, int rs1, int rs2) {
    Opcode op;
    switch (f3) {
      case 0: op = Opcode.BEQ; break;
      case 1: op = Opcode.BNE; break;
      case 4: op = Opcode.BLT; break;
      case 5: op = Opcode.BGE; break;
      case 6: op = Opcode.BLTU; break;
      case 7: op = Opcode.BGEU; break;
      default: return illegal(pc, w, 4);
    }
    return new Insn(op, pc, w, 4, 0, rs1, rs2, 0, 0, immB(w));
  }

  private static Insn load(long pc, int w, int f3, int rd, int rs1) {
    Opcode op;
    switch (f3) {
      case 0: op = Opcode.LB; break;
      case 1: op = Opcode.LH; break;
      case 2: op = Opcode.LW; break;
      case 3: op = Opcode.LD; break;
      case 4: op = Opcode.LBU; break;
      case 5: op = Opcode.LHU; break;
      case 6: op = Opcode.LWU; break;
      default: return illegal(pc, w, 4);
    }
    return i(op, pc, w, rd, rs1, w >> 20);
  }

  private static Insn store(long pc, int w, int f3, int rs1, int rs2) {
    Opcode op;
    switch (f3) {
      case 0: op = Opcode.SB; break;
      case 1: op = Opcode.SH; break;
      case 2: op = Opcode.SW; break;
      case 3: op = Opcode.SD; break;
      default: return illegal(pc, w, 4);
    }
    return new Insn(op, pc, w, 4, 0, rs1, rs2, 0, 0, immS(w));
  }

  private static Insn opImm(long pc, int w, int f3, int rd, int rs1) {
    int f6 = w >>> 26;
    int shamt = (w >>> 20) & 0x3f;
    switch (f3) {
      case 0: return i(Opcode.ADDI, pc, w, rd, rs1, w >> 20);
      case 1: return f6 == 0 ? i(Opcode.SLLI, pc, w, rd, rs1, shamt) : illegal(pc, w, 4);
      case 2: return i(Opcode.SLTI, pc, w, rd, rs1, w >> 20);
      case 3: return i(Opcode.SLTIU, pc, w, rd, rs1, w >> 20);
      case 4: return i(Opcode.XORI, pc, w, rd, rs1, w >> 20);
      case 5:
        if (f6 == 0) {
          return i(Opcode.SRLI, pc, w, rd, rs1, shamt);
        }
        return f6 == 0x10 ? i(Opcode.SRAI, pc, w, rd, rs1, shamt) : illegal(pc, w, 4);
      case 6: return i(Opcode.ORI, pc, w, rd, rs1, w >> 20);
      default: return i(Opcode.ANDI, pc, w, rd, rs1, w >> 20);
    }
  }

  private static Insn opImm32(long pc, int w, int f3, int rd, int rs1) {
    int f7 = w >>> 25;
    int shamt = (w >>> 20) & 0x1f;
    switch (f3) {
      case 0: return i(Opcode.ADDIW, pc, w, rd, rs1, w >> 20);
      case 1: return f7 == 0 ? i(Opcode.SLLIW, pc, w, rd, rs1, shamt) : illegal(pc, w, 4);
      case 5:
        if (f7 == 0) {
          return i(Opcode.SRLIW, pc, w, rd, rs1, shamt);
        }
        return f7 == 0x20 ? i(Opcode.SRAIW, pc, w, rd, rs1, shamt) : illegal(pc, w, 4);
      default: return illegal(pc, w, 4);
    }
  }

  private static final Opcode[] OP_BASE = {
    Opcode.ADD, Opcode.SLL, Opcode.SLT, Opcode.SLTU, Opcode.XOR, Opcode.SRL, Opcode.OR, Opcode.AND
  };
  private static final Opcode[] OP_M = {
    Opcode.MUL, Opcode.MULH, Opcode.MULHSU, Opcode.MULHU,
    Opcode.DIV, Opcode.DIVU, Opcode.REM, Opcode.REMU
  };
  private static final Opcode[] OP32_M = {
    Opcode.MULW, null, null, null, Opcode.DIVW, Opcode.DIVUW, Opcode.REMW, Opcode.REMUW
  };

  private static Insn op(long pc, int w, int f3, int f7, int rd, int rs1, int rs2) {
    Opcode op;
    if (f7 == 0) {
      op = OP_BASE[f3];
    } else if (f7 == 1) {
      op = OP_M[f3];
    } else if (f7 == 0x20 && f3 == 0) {
      op = Opcode.SUB;
    } else if (f7 == 0x20 && f3 == 5) {
      op = Opcode.SRA;
    } else {
      return illegal(pc, w, 4);
    }
    return r(op, pc, w, rd, rs1, rs2);
  }

  private static Insn op32(long pc, int w, int f3, int f7, int rd, int rs1, int rs2) {
    Opcode op = null;
    if (f7 == 0) {
      op = f3 == 0 ? Opcode.ADDW : f3 == 1 ? Opcode.SLLW : f3 == 5 ? Opcode.SRLW : null;
    } else if (f7 == 1) {
      op = OP32_M[f3];
    } else if (f7 == 0x20) {
      op = f3 == 0 ? Opcode.SUBW : f3 == 5 ? Opcode.SRAW : null;
    }
    return op == null ? illegal(pc, w, 4) : r(op, pc, w, rd, rs1, rs2);
  }

  private static Insn system(long pc, int w, int f3, int rd, int rs1) {
    int csr = w >>> 20;
    switch (f3) {
      case 0:
        if (w == 0x00000073) {
          return new Insn(Opcode.ECALL, pc, w, 4, 0, 0, 0, 0, 0, 0);
        }
        if (w == 0x00100073) {
          return new Insn(Opcode.EBREAK, pc, w, 4, 0, 0, 0, 0, 0, 0);
        }
        return illegal(pc, w, 4);
      case 1: return i(Opcode.CSRRW, pc, w, rd, rs1, csr);
      case 2: return i(Opcode.CSRRS, pc, w, rd, rs1, csr);
      case 3: return i(Opcode.CSRRC, pc, w, rd, rs1, csr);
      case 5: return i(Opcode.CSRRWI, pc, w, rd, rs1, csr);
      case 6: return i(Opcode.CSRRSI, pc, w, rd, rs1, csr);
      case 7: return i(Opcode.CSRRCI, pc, w, rd, rs1, csr);
      default: return illegal(pc, w, 4);
    }
  }

  private static Insn amo(long pc, int w, int f3, int rd, int rs1, int rs2) {
    boolean d;
    if (f3 == 2) {
      d = false;
    } else if (f3 == 3) {
      d = true;
    } else {
      return illegal(pc, w, 4);
    }
    Opcode op;
    switch (w >>> 27) {
      case 0x02:
        if (rs2 != 0) {
          return illegal(pc, w, 4);
        }
        op = d ? Opcode.LR_D : Opcode.LR_W;
        break;
      case 0x03: op = d ? Opcode.SC_D : Opcode.SC_W; break;
      case 0x01: op = d ? Opcode.AMOSWAP_D : Opcode.AMOSWAP_W; break;
      case 0x00: op = d ? Opcode.AMOADD_D : Opcode.AMOADD_W; break;
      case 0x04: op = d ? Opcode.AMOXOR_D : Opcode.AMOXOR_W; break;
      case 0x0c: op = d ? Opcode.AMOAND_D : Opcode.AMOAND_W; break;
      case 0x08: op = d ? Opcode.AMOOR_D : Opcode.AMOOR_W; break;
      case 0x10: op = d ? Opcode.AMOMIN_D : Opcode.AMOMIN_W; break;
      case 0x14: op = d ? Opcode.AMOMAX_D : Opcode.AMOMAX_W; break;
      case 0x18: op = d ? Opcode.AMOMINU_D : Opcode.AMOMINU_W; break;
      case 0x1c: op = d ? Opcode.AMOMAXU_D : Opcode.AMOMAXU_W; break;
      default: return illegal(pc, w, 4);
    }
    return new Insn(op, pc, w, 4, rd, rs1, rs2, 0, (w >>> 25) & 3, 0);
  }

  private static Insn fma(long pc, int w, Opcode single, Opcode dbl) {
    int fmt = (w >>> 25) & 3;
    int rm = (w >>> 12) & 7;
    if (fmt > 1 || rm == 5 || rm == 6) {
      return illegal(pc, w, 4);
    }
    return new Insn(fmt == 0 ? single : dbl, pc, w, 4, (w >>> 7) & 31, (w >>> 15) & 31,
        (w >>> 20) & 31, w >>> 27, rm, 0);
  }
}
