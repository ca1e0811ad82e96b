package dev.rvjit.isa;

/** Decodes the OP-FP major opcode (F and D extensions, funct7 selects the operation). */
final class FpDecoder {
  private FpDecoder() {}

  /** True if {@code rm} is a valid rounding mode for an instruction that has one. */
  static boolean validRm(int rm) {
    return rm != 5 && rm != 6;
  }

  static Insn opFp(long pc, int w, int f3, int f7, int rd, int rs1, int rs2) {
    switch (f7) {
      case 0x00: return rr(Opcode.FADD_S, pc, w, f3, rd, rs1, rs2);
      case 0x01: return rr(Opcode.FADD_D, pc, w, f3, rd, rs1, rs2);
      case 0x04: return rr(Opcode.FSUB_S, pc, w, f3, rd, rs1, rs2);
      case 0x05: return rr(Opcode.FSUB_D, pc, w, f3, rd, rs1, rs2);
      case 0x08: return rr(Opcode.FMUL_S, pc, w, f3, rd, rs1, rs2);
      case 0x09: return rr(Opcode.FMUL_D, pc, w, f3, rd, rs1, rs2);
      case 0x0c: return rr(Opcode.FDIV_S, pc, w, f3, rd, rs1, rs2);
      case 0x0d: return rr(Opcode.FDIV_D, pc, w, f3, rd, rs1, rs2);
      case 0x2c: return unary(rs2 == 0 ? Opcode.FSQRT_S : null, pc, w, f3, rd, rs1);
      case 0x2d: return unary(rs2 == 0 ? Opcode.FSQRT_D : null, pc, w, f3, rd, rs1);
      case 0x20: return unary(rs2 == 1 ? Opcode.FCVT_S_D : null, pc, w, f3, rd, rs1);
      case 0x21: return unary(rs2 == 0 ? Opcode.FCVT_D_S : null, pc, w, f3, rd, rs1);
      case 0x10:
        return norm(f3 == 0 ? Opcode.FSGNJ_S : f3 == 1 ? Opcode.FSGNJN_S
            : f3 == 2 ? Opcode.FSGNJX_S : null, pc, w, rd, rs1, rs2);
      case 0x11:
        return norm(f3 == 0 ? Opcode.FSGNJ_D : f3 == 1 ? Opcode.FSGNJN_D
            : f3 == 2 ? Opcode.FSGNJX_D : null, pc, w, rd, rs1, rs2);
      case 0x14:
        return norm(f3 == 0 ? Opcode.FMIN_S : f3 == 1 ? Opcode.FMAX_S : null, pc, w, rd, rs1, rs2);
      case 0x15:
        return norm(f3 == 0 ? Opcode.FMIN_D : f3 == 1 ? Opcode.FMAX_D : null, pc, w, rd, rs1, rs2);
      case 0x50:
        return norm(f3 == 0 ? Opcode.FLE_S : f3 == 1 ? Opcode.FLT_S
            : f3 == 2 ? Opcode.FEQ_S : null, pc, w, rd, rs1, rs2);
      case 0x51:
        return norm(f3 == 0 ? Opcode.FLE_D : f3 == 1 ? Opcode.FLT_D
            : f3 == 2 ? Opcode.FEQ_D : null, pc, w, rd, rs1, rs2);
      case 0x60: return unary(cvt(rs2, Opcode.FCVT_W_S, Opcode.FCVT_WU_S, Opcode.FCVT_L_S,
          Opcode.FCVT_LU_S), pc, w, f3, rd, rs1);
      case 0x61: return unary(cvt(rs2, Opcode.FCVT_W_D, Opcode.FCVT_WU_D, Opcode.FCVT_L_D,
          Opcode.FCVT_LU_D), pc, w, f3, rd, rs1);
      case 0x68: return unary(cvt(rs2, Opcode.FCVT_S_W, Opcode.FCVT_S_WU, Opcode.FCVT_S_L,
          Opcode.FCVT_S_LU), pc, w, f3, rd, rs1);
      case 0x69: return unary(cvt(rs2, Opcode.FCVT_D_W, Opcode.FCVT_D_WU, Opcode.FCVT_D_L,
          Opcode.FCVT_D_LU), pc, w, f3, rd, rs1);
      case 0x70:
        return move(rs2 != 0 ? null : f3 == 0 ? Opcode.FMV_X_W : f3 == 1 ? Opcode.FCLASS_S : null,
            pc, w, rd, rs1);
      case 0x71:
        return move(rs2 != 0 ? null : f3 == 0 ? Opcode.FMV_X_D : f3 == 1 ? Opcode.FCLASS_D : null,
            pc, w, rd, rs1);
      case 0x78:
        return move(rs2 == 0 && f3 == 0 ? Opcode.FMV_W_X : null, pc, w, rd, rs1);
      case 0x79:
        return move(rs2 == 0 && f3 == 0 ? Opcode.FMV_D_X : null, pc, w, rd, rs1);
      default:
        return Decoder.illegal(pc, w, 4);
    }
  }

  private static Opcode cvt(int rs2, Opcode w, Opcode wu, Opcode l, Opcode lu) {
    switch (rs2) {
      case 0: return w;
      case 1: return wu;
      case 2: return l;
      case 3: return lu;
      default: return null;
    }
  }

  private static Insn rr(Opcode op, long pc, int w, int rm, int rd, int rs1, int rs2) {
    if (!validRm(rm)) {
      return Decoder.illegal(pc, w, 4);
    }
    return new Insn(op, pc, w, 4, rd, rs1, rs2, 0, rm, 0);
  }

  private static Insn unary(Opcode op, long pc, int w, int rm, int rd, int rs1) {
    if (op == null || !validRm(rm)) {
      return Decoder.illegal(pc, w, 4);
    }
    return new Insn(op, pc, w, 4, rd, rs1, 0, 0, rm, 0);
  }

  private static Insn norm(Opcode op, long pc, int w, int rd, int rs1, int rs2) {
    if (op == null) {
      return Decoder.illegal(pc, w, 4);
    }
    return new Insn(op, pc, w, 4, rd, rs1, rs2, 0, 0, 0);
  }

  private static Insn move(Opcode op, long pc, int w, int rd, int rs1) {
    if (op == null) {
      return Decoder.illegal(pc, w, 4);
    }
    return new Insn(op, pc, w, 4, rd, rs1, 0, 0, 0, 0);
  }
}
