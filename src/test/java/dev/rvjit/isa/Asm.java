package dev.rvjit.isa;

import java.util.Random;

/**
 * Test-side RV64GC assembler: builds instruction words from fields, for every {@link Opcode}, plus
 * readable helpers ({@code Asm.addi(rd, rs1, imm)}, {@code Asm.beq(rs1, rs2, off)}, ...) and
 * builders for compressed halfwords ({@code Asm.c_addi(rd, imm)}, ...).
 *
 * <p>Written independently of {@link Decoder} (from the ISA manual's encoding tables) so the two
 * check each other. Every builder validates its fields and throws {@link IllegalArgumentException}
 * for a value that does not fit, so a valid call always yields a word the decoder accepts with the
 * same fields. Field meanings follow {@link Insn}: {@code imm} for branches and jumps is the byte
 * offset, for lui/auipc the already-shifted value ({@code 0x12345000}), for shifts the shamt, for
 * CSR instructions the CSR number, for fence the bits 31:20; {@code rm} is the rounding mode (7 =
 * dynamic) or for atomics the aq/rl bits (aq = 2, rl = 1); for csrr*i {@code rs1} is the 5-bit
 * immediate.
 */
public final class Asm {
  private Asm() {}

  /** Rounding mode: round to nearest, ties to even. */
  public static final int RNE = 0;
  /** Rounding mode: towards zero. */
  public static final int RTZ = 1;
  /** Rounding mode: down (towards negative infinity). */
  public static final int RDN = 2;
  /** Rounding mode: up (towards positive infinity). */
  public static final int RUP = 3;
  /** Rounding mode: to nearest, ties to max magnitude. */
  public static final int RMM = 4;
  /** Rounding mode: dynamic (use {@code frm}). */
  public static final int DYN = 7;

  /** Atomic ordering bit for {@code rm} of lr/sc/amo: acquire. */
  public static final int AQ = 2;
  /** Atomic ordering bit for {@code rm} of lr/sc/amo: release. */
  public static final int RL = 1;
  /** Atomic ordering bits for {@code rm} of lr/sc/amo: acquire and release. */
  public static final int AQRL = 3;

  /** Which fields an opcode's encoding has, and their ranges. */
  public enum Format {
    /** rd, rs1, rs2. */
    R,
    /** rd, rs1, signed 12-bit imm. */
    I,
    /** rd, rs1, 6-bit shamt. */
    SH6,
    /** rd, rs1, 5-bit shamt. */
    SH5,
    /** rs1, rs2, signed 12-bit imm. */
    S,
    /** rs1, rs2, even signed 13-bit offset. */
    B,
    /** rd, imm a multiple of 4096 in the signed 32-bit range. */
    U,
    /** rd, even signed 21-bit offset. */
    J,
    /** rd, rs1 (register or 5-bit uimm), unsigned 12-bit CSR number in imm. */
    CSR,
    /** rd, rs1, unsigned 12-bit imm (bits 31:20); fence and fence.i. */
    FENCE,
    /** No fields: ecall, ebreak. */
    NONE,
    /** rd, rs1, rs2, aq/rl in rm (0..3). */
    AMO,
    /** rd, rs1, aq/rl in rm; rs2 is 0. */
    LR,
    /** rd, rs1, rs2, rs3, rm. */
    R4,
    /** rd, rs1, rs2, rm. */
    FRR_RM,
    /** rd, rs1, rm. */
    FR_RM,
    /** rd, rs1, rs2 (funct3 is part of the opcode). */
    FRR,
    /** rd, rs1. */
    FR
  }

  /** The encoding format of {@code op}. */
  public static Format format(Opcode op) {
    switch (op) {
      case LUI: case AUIPC: return Format.U;
      case JAL: return Format.J;
      case JALR: return Format.I;
      case SLLI: case SRLI: case SRAI: return Format.SH6;
      case SLLIW: case SRLIW: case SRAIW: return Format.SH5;
      case ECALL: case EBREAK: return Format.NONE;
      case FENCE: case FENCE_I: return Format.FENCE;
      case ILLEGAL: throw new IllegalArgumentException("ILLEGAL has no encoding");
      default:
        break;
    }
    switch (op.kind) {
      case ALU_RR: return Format.R;
      case ALU_RI: case LOAD: case FLOAD: return Format.I;
      case STORE: case FSTORE: return Format.S;
      case BRANCH: return Format.B;
      case CSR: case CSRI: return Format.CSR;
      case LR: return Format.LR;
      case SC: case AMO: return Format.AMO;
      case FP_R4: return Format.R4;
      case FP_RR: return Format.FRR_RM;
      case FP_R: return Format.FR_RM;
      case FP_RR_NORM: case FP_CMP: return Format.FRR;
      case FP_TO_X: case X_TO_FP: return op.hasRoundingMode() ? Format.FR_RM : Format.FR;
      default: throw new AssertionError(op);
    }
  }

  /** The fixed bits of {@code op}'s encoding (all fields zero). */
  public static int match(Opcode op) {
    switch (op) {
      case LUI: return 0x37;
      case AUIPC: return 0x17;
      case JAL: return 0x6f;
      case JALR: return 0x67;
      case BEQ: return f3(0x63, 0);
      case BNE: return f3(0x63, 1);
      case BLT: return f3(0x63, 4);
      case BGE: return f3(0x63, 5);
      case BLTU: return f3(0x63, 6);
      case BGEU: return f3(0x63, 7);
      case LB: return f3(0x03, 0);
      case LH: return f3(0x03, 1);
      case LW: return f3(0x03, 2);
      case LD: return f3(0x03, 3);
      case LBU: return f3(0x03, 4);
      case LHU: return f3(0x03, 5);
      case LWU: return f3(0x03, 6);
      case SB: return f3(0x23, 0);
      case SH: return f3(0x23, 1);
      case SW: return f3(0x23, 2);
      case SD: return f3(0x23, 3);
      case ADDI: return f3(0x13, 0);
      case SLTI: return f3(0x13, 2);
      case SLTIU: return f3(0x13, 3);
      case XORI: return f3(0x13, 4);
      case ORI: return f3(0x13, 6);
      case ANDI: return f3(0x13, 7);
      case SLLI: return f3(0x13, 1);
      case SRLI: return f3(0x13, 5);
      case SRAI: return f3(0x13, 5) | 0x40000000;
      case ADD: return r(0x33, 0, 0);
      case SUB: return r(0x33, 0, 0x20);
      case SLL: return r(0x33, 1, 0);
      case SLT: return r(0x33, 2, 0);
      case SLTU: return r(0x33, 3, 0);
      case XOR: return r(0x33, 4, 0);
      case SRL: return r(0x33, 5, 0);
      case SRA: return r(0x33, 5, 0x20);
      case OR: return r(0x33, 6, 0);
      case AND: return r(0x33, 7, 0);
      case ADDIW: return f3(0x1b, 0);
      case SLLIW: return f3(0x1b, 1);
      case SRLIW: return f3(0x1b, 5);
      case SRAIW: return f3(0x1b, 5) | 0x40000000;
      case ADDW: return r(0x3b, 0, 0);
      case SUBW: return r(0x3b, 0, 0x20);
      case SLLW: return r(0x3b, 1, 0);
      case SRLW: return r(0x3b, 5, 0);
      case SRAW: return r(0x3b, 5, 0x20);
      case FENCE: return 0x0f;
      case FENCE_I: return f3(0x0f, 1);
      case ECALL: return 0x73;
      case EBREAK: return 0x00100073;
      case CSRRW: return f3(0x73, 1);
      case CSRRS: return f3(0x73, 2);
      case CSRRC: return f3(0x73, 3);
      case CSRRWI: return f3(0x73, 5);
      case CSRRSI: return f3(0x73, 6);
      case CSRRCI: return f3(0x73, 7);
      case MUL: return r(0x33, 0, 1);
      case MULH: return r(0x33, 1, 1);
      case MULHSU: return r(0x33, 2, 1);
      case MULHU: return r(0x33, 3, 1);
      case DIV: return r(0x33, 4, 1);
      case DIVU: return r(0x33, 5, 1);
      case REM: return r(0x33, 6, 1);
      case REMU: return r(0x33, 7, 1);
      case MULW: return r(0x3b, 0, 1);
      case DIVW: return r(0x3b, 4, 1);
      case DIVUW: return r(0x3b, 5, 1);
      case REMW: return r(0x3b, 6, 1);
      case REMUW: return r(0x3b, 7, 1);
      case LR_W: return amo(0x02, 2);
      case SC_W: return amo(0x03, 2);
      case AMOSWAP_W: return amo(0x01, 2);
      case AMOADD_W: return amo(0x00, 2);
      case AMOXOR_W: return amo(0x04, 2);
      case AMOAND_W: return amo(0x0c, 2);
      case AMOOR_W: return amo(0x08, 2);
      case AMOMIN_W: return amo(0x10, 2);
      case AMOMAX_W: return amo(0x14, 2);
      case AMOMINU_W: return amo(0x18, 2);
      case AMOMAXU_W: return amo(0x1c, 2);
      case LR_D: return amo(0x02, 3);
      case SC_D: return amo(0x03, 3);
      case AMOSWAP_D: return amo(0x01, 3);
      case AMOADD_D: return amo(0x00, 3);
      case AMOXOR_D: return amo(0x04, 3);
      case AMOAND_D: return amo(0x0c, 3);
      case AMOOR_D: return amo(0x08, 3);
      case AMOMIN_D: return amo(0x10, 3);
      case AMOMAX_D: return amo(0x14, 3);
      case AMOMINU_D: return amo(0x18, 3);
      case AMOMAXU_D: return amo(0x1c, 3);
      case FLW: return f3(0x07, 2);
      case FSW: return f3(0x27, 2);
      case FLD: return f3(0x07, 3);
      case FSD: return f3(0x27, 3);
      case FMADD_S: return 0x43;
      case FMSUB_S: return 0x47;
      case FNMSUB_S: return 0x4b;
      case FNMADD_S: return 0x4f;
      case FMADD_D: return 0x43 | 1 << 25;
      case FMSUB_D: return 0x47 | 1 << 25;
      case FNMSUB_D: return 0x4b | 1 << 25;
      case FNMADD_D: return 0x4f | 1 << 25;
      case FADD_S: return fp(0x00, 0, 0);
      case FSUB_S: return fp(0x04, 0, 0);
      case FMUL_S: return fp(0x08, 0, 0);
      case FDIV_S: return fp(0x0c, 0, 0);
      case FSQRT_S: return fp(0x2c, 0, 0);
      case FSGNJ_S: return fp(0x10, 0, 0);
      case FSGNJN_S: return fp(0x10, 0, 1);
      case FSGNJX_S: return fp(0x10, 0, 2);
      case FMIN_S: return fp(0x14, 0, 0);
      case FMAX_S: return fp(0x14, 0, 1);
      case FCVT_W_S: return fp(0x60, 0, 0);
      case FCVT_WU_S: return fp(0x60, 1, 0);
      case FCVT_L_S: return fp(0x60, 2, 0);
      case FCVT_LU_S: return fp(0x60, 3, 0);
      case FMV_X_W: return fp(0x70, 0, 0);
      case FCLASS_S: return fp(0x70, 0, 1);
      case FEQ_S: return fp(0x50, 0, 2);
      case FLT_S: return fp(0x50, 0, 1);
      case FLE_S: return fp(0x50, 0, 0);
      case FCVT_S_W: return fp(0x68, 0, 0);
      case FCVT_S_WU: return fp(0x68, 1, 0);
      case FCVT_S_L: return fp(0x68, 2, 0);
      case FCVT_S_LU: return fp(0x68, 3, 0);
      case FMV_W_X: return fp(0x78, 0, 0);
      case FADD_D: return fp(0x01, 0, 0);
      case FSUB_D: return fp(0x05, 0, 0);
      case FMUL_D: return fp(0x09, 0, 0);
      case FDIV_D: return fp(0x0d, 0, 0);
      case FSQRT_D: return fp(0x2d, 0, 0);
      case FSGNJ_D: return fp(0x11, 0, 0);
      case FSGNJN_D: return fp(0x11, 0, 1);
      case FSGNJX_D: return fp(0x11, 0, 2);
      case FMIN_D: return fp(0x15, 0, 0);
      case FMAX_D: return fp(0x15, 0, 1);
      case FCVT_S_D: return fp(0x20, 1, 0);
      case FCVT_D_S: return fp(0x21, 0, 0);
      case FEQ_D: return fp(0x51, 0, 2);
      case FLT_D: return fp(0x51, 0, 1);
      case FLE_D: return fp(0x51, 0, 0);
      case FCLASS_D: return fp(0x71, 0, 1);
      case FCVT_W_D: return fp(0x61, 0, 0);
      case FCVT_WU_D: return fp(0x61, 1, 0);
      case FCVT_L_D: return fp(0x61, 2, 0);
      case FCVT_LU_D: return fp(0x61, 3, 0);
      case FMV_X_D: return fp(0x71, 0, 0);
      case FCVT_D_W: return fp(0x69, 0, 0);
      case FCVT_D_WU: return fp(0x69, 1, 0);
      case FCVT_D_L: return fp(0x69, 2, 0);
      case FCVT_D_LU: return fp(0x69, 3, 0);
      case FMV_D_X: return fp(0x79, 0, 0);
      default: throw new IllegalArgumentException("no encoding for " + op);
    }
  }

  /**
   * The bits of {@code op}'s encoding that are fixed (not operand fields): a word {@code w}
   * encodes {@code op} (with some operands) iff {@code (w & mask(op)) == match(op)}.
   */
  public static int mask(Opcode op) {
    switch (format(op)) {
      case R: case SH5: case FRR: return 0xfe00707f;
      case SH6: return 0xfc00707f;
      case I: case S: case B: case CSR: case FENCE: return 0x0000707f;
      case U: case J: return 0x0000007f;
      case NONE: return 0xffffffff;
      case AMO: return 0xf800707f;
      case LR: return 0xf9f0707f;
      case R4: return 0x0600007f;
      case FRR_RM: return 0xfe00007f;
      case FR_RM: return 0xfff0007f;
      case FR: return 0xfff0707f;
      default: throw new AssertionError(op);
    }
  }

  private static int f3(int opcode, int f3) {
    return opcode | f3 << 12;
  }

  private static int r(int opcode, int f3, int f7) {
    return opcode | f3 << 12 | f7 << 25;
  }

  private static int amo(int f5, int f3) {
    return 0x2f | f3 << 12 | f5 << 27;
  }

  private static int fp(int f7, int rs2, int f3) {
    return 0x53 | f7 << 25 | rs2 << 20 | f3 << 12;
  }

  /**
   * Encodes {@code op} from its fields. Fields the format does not have must be 0 (rs2 of lr
   * included). Throws {@link IllegalArgumentException} if a field is out of range.
   */
  public static int encode(Opcode op, int rd, int rs1, int rs2, int rs3, int rm, long imm) {
    Format f = format(op);
    int w = match(op);
    boolean hasRd = f != Format.S && f != Format.B && f != Format.NONE;
    boolean hasRs1 = f != Format.U && f != Format.J && f != Format.NONE;
    boolean hasRs2 = f == Format.R || f == Format.S || f == Format.B || f == Format.AMO
        || f == Format.R4 || f == Format.FRR_RM || f == Format.FRR;
    boolean hasRm = f == Format.AMO || f == Format.LR || f == Format.R4 || f == Format.FRR_RM
        || f == Format.FR_RM;
    reg("rd", rd, hasRd);
    reg("rs1", rs1, hasRs1);
    reg("rs2", rs2, hasRs2);
    reg("rs3", rs3, f == Format.R4);
    if (!hasRm) {
      check(rm == 0, "rm must be 0 for " + op);
    } else if (f == Format.AMO || f == Format.LR) {
      check(rm >= 0 && rm <= 3, "aq/rl out of range: " + rm);
      w |= rm << 25;
    } else {
      check(rm >= 0 && rm <= 7 && rm != 5 && rm != 6, "invalid rounding mode " + rm);
      w |= rm << 12;
    }
    w |= rd << 7 | rs1 << 15 | rs2 << 20 | rs3 << 27;
    switch (f) {
      case R: case AMO: case LR: case R4: case FRR_RM: case FR_RM: case FRR: case FR: case NONE:
        check(imm == 0, "no immediate for " + op);
        return w;
      case I:
        check(imm >= -2048 && imm <= 2047, "imm12 out of range: " + imm);
        return w | ((int) imm & 0xfff) << 20;
      case SH6:
        check(imm >= 0 && imm <= 63, "shamt out of range: " + imm);
        return w | (int) imm << 20;
      case SH5:
        check(imm >= 0 && imm <= 31, "shamt out of range: " + imm);
        return w | (int) imm << 20;
      case CSR: case FENCE:
        check(imm >= 0 && imm <= 4095, "12-bit field out of range: " + imm);
        return w | (int) imm << 20;
      case S:
        check(imm >= -2048 && imm <= 2047, "imm12 out of range: " + imm);
        return w | ((int) imm & 0x1f) << 7 | ((int) imm >> 5 & 0x7f) << 25;
      case B: {
        check(imm >= -4096 && imm <= 4094 && (imm & 1) == 0, "branch offset: " + imm);
        int i = (int) imm;
        return w | (i >> 12 & 1) << 31 | (i >> 5 & 0x3f) << 25 | (i >> 1 & 0xf) << 8
            | (i >> 11 & 1) << 7;
      }
      case U:
        check(imm == (int) imm && (imm & 0xfff) == 0, "upper immediate: " + imm);
        return w | (int) imm;
      case J: {
        check(imm >= -(1 << 20) && imm < (1 << 20) && (imm & 1) == 0, "jump offset: " + imm);
        int i = (int) imm;
        return w | (i >> 20 & 1) << 31 | (i >> 1 & 0x3ff) << 21 | (i >> 11 & 1) << 20
            | (i >> 12 & 0xff) << 12;
      }
      default:
        throw new AssertionError(f);
    }
  }

  private static void reg(String name, int value, boolean used) {
    if (used) {
      check(value >= 0 && value < 32, name + " out of range: " + value);
    } else {
      check(value == 0, name + " must be 0 here");
    }
  }

  private static void check(boolean ok, String msg) {
    if (!ok) {
      throw new IllegalArgumentException(msg);
    }
  }

  /** Random valid fields for {@code op}: {@code {rd, rs1, rs2, rs3, rm, imm}}. */
  public static long[] randomFields(Opcode op, Random rnd) {
    Format f = format(op);
    long[] v = new long[6];
    boolean hasRd = f != Format.S && f != Format.B && f != Format.NONE;
    boolean hasRs1 = f != Format.U && f != Format.J && f != Format.NONE;
    boolean hasRs2 = f == Format.R || f == Format.S || f == Format.B || f == Format.AMO
        || f == Format.R4 || f == Format.FRR_RM || f == Format.FRR;
    v[0] = hasRd ? rnd.nextInt(32) : 0;
    v[1] = hasRs1 ? rnd.nextInt(32) : 0;
    v[2] = hasRs2 ? rnd.nextInt(32) : 0;
    v[3] = f == Format.R4 ? rnd.nextInt(32) : 0;
    int[] rms = {0, 1, 2, 3, 4, 7};
    switch (f) {
      case AMO: case LR: v[4] = rnd.nextInt(4); break;
      case R4: case FRR_RM: case FR_RM: v[4] = rms[rnd.nextInt(rms.length)]; break;
      default: break;
    }
    switch (f) {
      case I: case S: v[5] = rnd.nextInt(4096) - 2048; break;
      case SH6: v[5] = rnd.nextInt(64); break;
      case SH5: v[5] = rnd.nextInt(32); break;
      case CSR: case FENCE: v[5] = rnd.nextInt(4096); break;
      case B: v[5] = (rnd.nextInt(4096) - 2048) * 2L; break;
      case J: v[5] = (rnd.nextInt(1 << 20) - (1 << 19)) * 2L; break;
      case U: v[5] = (long) (rnd.nextInt() & 0xfffff000); break;
      default: break;
    }
    return v;
  }

  /** A random valid encoding of {@code op}. */
  public static int random(Opcode op, Random rnd) {
    long[] v = randomFields(op, rnd);
    return encode(op, (int) v[0], (int) v[1], (int) v[2], (int) v[3], (int) v[4], v[5]);
  }

  // ---- readable helpers: RV64I ----

  /** lui rd, imm (imm is the final value, a multiple of 4096). */
  public static int lui(int rd, long imm) {
    return encode(Opcode.LUI, rd, 0, 0, 0, 0, imm);
  }

  /** auipc rd, imm (imm is the final offset, a multiple of 4096). */
  public static int auipc(int rd, long imm) {
    return encode(Opcode.AUIPC, rd, 0, 0, 0, 0, imm);
  }

  /** jal rd, off. */
  public static int jal(int rd, long off) {
    return encode(Opcode.JAL, rd, 0, 0, 0, 0, off);
  }

  /** jalr rd, off(rs1). */
  public static int jalr(int rd, int rs1, long off) {
    return encode(Opcode.JALR, rd, rs1, 0, 0, 0, off);
  }

  /** Any branch: op is BEQ..BGEU. */
  public static int branch(Opcode op, int rs1, int rs2, long off) {
    return encode(op, 0, rs1, rs2, 0, 0, off);
  }

  /** {@code beq rs1, rs2, off}. */
  public static int beq(int rs1, int rs2, long off) {
    return branch(Opcode.BEQ, rs1, rs2, off);
  }

  /** {@code bne rs1, rs2, off}. */
  public static int bne(int rs1, int rs2, long off) {
    return branch(Opcode.BNE, rs1, rs2, off);
  }

  /** {@code blt rs1, rs2, off}. */
  public static int blt(int rs1, int rs2, long off) {
    return branch(Opcode.BLT, rs1, rs2, off);
  }

  /** {@code bge rs1, rs2, off}. */
  public static int bge(int rs1, int rs2, long off) {
    return branch(Opcode.BGE, rs1, rs2, off);
  }

  /** {@code bltu rs1, rs2, off}. */
  public static int bltu(int rs1, int rs2, long off) {
    return branch(Opcode.BLTU, rs1, rs2, off);
  }

  /** {@code bgeu rs1, rs2, off}. */
  public static int bgeu(int rs1, int rs2, long off) {
    return branch(Opcode.BGEU, rs1, rs2, off);
  }

  /** Any I-format instruction (loads, op-imm, shifts, jalr, flw/fld): op rd, rs1, imm. */
  public static int i(Opcode op, int rd, int rs1, long imm) {
    return encode(op, rd, rs1, 0, 0, 0, imm);
  }

  /** Any store (sb..sd, fsw, fsd): op rs2, imm(rs1). */
  public static int store(Opcode op, int rs2, int rs1, long imm) {
    return encode(op, 0, rs1, rs2, 0, 0, imm);
  }

  /** Any R-format integer instruction: op rd, rs1, rs2. */
  public static int r(Opcode op, int rd, int rs1, int rs2) {
    return encode(op, rd, rs1, rs2, 0, 0, 0);
  }

  /** {@code lb rd, rs1, imm}. */
  public static int lb(int rd, int rs1, long imm) {
    return i(Opcode.LB, rd, rs1, imm);
  }

  /** {@code lh rd, rs1, imm}. */
  public static int lh(int rd, int rs1, long imm) {
    return i(Opcode.LH, rd, rs1, imm);
  }

  /** {@code lw rd, rs1, imm}. */
  public static int lw(int rd, int rs1, long imm) {
    return i(Opcode.LW, rd, rs1, imm);
  }

  /** {@code ld rd, rs1, imm}. */
  public static int ld(int rd, int rs1, long imm) {
    return i(Opcode.LD, rd, rs1, imm);
  }

  /** {@code lbu rd, rs1, imm}. */
  public static int lbu(int rd, int rs1, long imm) {
    return i(Opcode.LBU, rd, rs1, imm);
  }

  /** {@code lhu rd, rs1, imm}. */
  public static int lhu(int rd, int rs1, long imm) {
    return i(Opcode.LHU, rd, rs1, imm);
  }

  /** {@code lwu rd, rs1, imm}. */
  public static int lwu(int rd, int rs1, long imm) {
    return i(Opcode.LWU, rd, rs1, imm);
  }

  /** sb rs2, imm(rs1). */
  public static int sb(int rs2, int rs1, long imm) {
    return store(Opcode.SB, rs2, rs1, imm);
  }

  /** {@code sh rs2, rs1, imm}. */
  public static int sh(int rs2, int rs1, long imm) {
    return store(Opcode.SH, rs2, rs1, imm);
  }

  /** {@code sw rs2, rs1, imm}. */
  public static int sw(int rs2, int rs1, long imm) {
    return store(Opcode.SW, rs2, rs1, imm);
  }

  /** {@code sd rs2, rs1, imm}. */
  public static int sd(int rs2, int rs1, long imm) {
    return store(Opcode.SD, rs2, rs1, imm);
  }

  /** {@code addi rd, rs1, imm}. */
  public static int addi(int rd, int rs1, long imm) {
    return i(Opcode.ADDI, rd, rs1, imm);
  }

  /** {@code slti rd, rs1, imm}. */
  public static int slti(int rd, int rs1, long imm) {
    return i(Opcode.SLTI, rd, rs1, imm);
  }

  /** {@code sltiu rd, rs1, imm}. */
  public static int sltiu(int rd, int rs1, long imm) {
    return i(Opcode.SLTIU, rd, rs1, imm);
  }

  /** {@code xori rd, rs1, imm}. */
  public static int xori(int rd, int rs1, long imm) {
    return i(Opcode.XORI, rd, rs1, imm);
  }

  /** {@code ori rd, rs1, imm}. */
  public static int ori(int rd, int rs1, long imm) {
    return i(Opcode.ORI, rd, rs1, imm);
  }

  /** {@code andi rd, rs1, imm}. */
  public static int andi(int rd, int rs1, long imm) {
    return i(Opcode.ANDI, rd, rs1, imm);
  }

  /** {@code slli rd, rs1, shamt}. */
  public static int slli(int rd, int rs1, int shamt) {
    return i(Opcode.SLLI, rd, rs1, shamt);
  }

  /** {@code srli rd, rs1, shamt}. */
  public static int srli(int rd, int rs1, int shamt) {
    return i(Opcode.SRLI, rd, rs1, shamt);
  }

  /** {@code srai rd, rs1, shamt}. */
  public static int srai(int rd, int rs1, int shamt) {
    return i(Opcode.SRAI, rd, rs1, shamt);
  }

  /** {@code addiw rd, rs1, imm}. */
  public static int addiw(int rd, int rs1, long imm) {
    return i(Opcode.ADDIW, rd, rs1, imm);
  }

  /** {@code slliw rd, rs1, shamt}. */
  public static int slliw(int rd, int rs1, int shamt) {
    return i(Opcode.SLLIW, rd, rs1, shamt);
  }

  /** {@code srliw rd, rs1, shamt}. */
  public static int srliw(int rd, int rs1, int shamt) {
    return i(Opcode.SRLIW, rd, rs1, shamt);
  }

  /** {@code sraiw rd, rs1, shamt}. */
  public static int sraiw(int rd, int rs1, int shamt) {
    return i(Opcode.SRAIW, rd, rs1, shamt);
  }

  /** {@code add rd, rs1, rs2}. */
  public static int add(int rd, int rs1, int rs2) {
    return r(Opcode.ADD, rd, rs1, rs2);
  }

  /** {@code sub rd, rs1, rs2}. */
  public static int sub(int rd, int rs1, int rs2) {
    return r(Opcode.SUB, rd, rs1, rs2);
  }

  /** {@code sll rd, rs1, rs2}. */
  public static int sll(int rd, int rs1, int rs2) {
    return r(Opcode.SLL, rd, rs1, rs2);
  }

  /** {@code slt rd, rs1, rs2}. */
  public static int slt(int rd, int rs1, int rs2) {
    return r(Opcode.SLT, rd, rs1, rs2);
  }

  /** {@code sltu rd, rs1, rs2}. */
  public static int sltu(int rd, int rs1, int rs2) {
    return r(Opcode.SLTU, rd, rs1, rs2);
  }

  /** {@code xor rd, rs1, rs2}. */
  public static int xor(int rd, int rs1, int rs2) {
    return r(Opcode.XOR, rd, rs1, rs2);
  }

  /** {@code srl rd, rs1, rs2}. */
  public static int srl(int rd, int rs1, int rs2) {
    return r(Opcode.SRL, rd, rs1, rs2);
  }

  /** {@code sra rd, rs1, rs2}. */
  public static int sra(int rd, int rs1, int rs2) {
    return r(Opcode.SRA, rd, rs1, rs2);
  }

  /** {@code or rd, rs1, rs2}. */
  public static int or(int rd, int rs1, int rs2) {
    return r(Opcode.OR, rd, rs1, rs2);
  }

  /** {@code and rd, rs1, rs2}. */
  public static int and(int rd, int rs1, int rs2) {
    return r(Opcode.AND, rd, rs1, rs2);
  }

  /** {@code addw rd, rs1, rs2}. */
  public static int addw(int rd, int rs1, int rs2) {
    return r(Opcode.ADDW, rd, rs1, rs2);
  }

  /** {@code subw rd, rs1, rs2}. */
  public static int subw(int rd, int rs1, int rs2) {
    return r(Opcode.SUBW, rd, rs1, rs2);
  }

  /** {@code sllw rd, rs1, rs2}. */
  public static int sllw(int rd, int rs1, int rs2) {
    return r(Opcode.SLLW, rd, rs1, rs2);
  }

  /** {@code srlw rd, rs1, rs2}. */
  public static int srlw(int rd, int rs1, int rs2) {
    return r(Opcode.SRLW, rd, rs1, rs2);
  }

  /** {@code sraw rd, rs1, rs2}. */
  public static int sraw(int rd, int rs1, int rs2) {
    return r(Opcode.SRAW, rd, rs1, rs2);
  }

  /** fence with pred/succ as 4-bit iorw masks (fm 0). */
  public static int fence(int pred, int succ) {
    return encode(Opcode.FENCE, 0, 0, 0, 0, 0, (pred & 15) << 4 | (succ & 15));
  }

  /** fence.tso. */
  public static int fence_tso() {
    return encode(Opcode.FENCE, 0, 0, 0, 0, 0, 0x833);
  }

  /** {@code fence.i}. */
  public static int fence_i() {
    return encode(Opcode.FENCE_I, 0, 0, 0, 0, 0, 0);
  }

  /** {@code ecall}. */
  public static int ecall() {
    return encode(Opcode.ECALL, 0, 0, 0, 0, 0, 0);
  }

  /** {@code ebreak}. */
  public static int ebreak() {
    return encode(Opcode.EBREAK, 0, 0, 0, 0, 0, 0);
  }

  /** No operation: addi x0, x0, 0. */
  public static int nop() {
    return addi(0, 0, 0);
  }

  // ---- Zicsr ----

  /** {@code csrrw rd, csr, rs1}. */
  public static int csrrw(int rd, int csr, int rs1) {
    return encode(Opcode.CSRRW, rd, rs1, 0, 0, 0, csr);
  }

  /** {@code csrrs rd, csr, rs1}. */
  public static int csrrs(int rd, int csr, int rs1) {
    return encode(Opcode.CSRRS, rd, rs1, 0, 0, 0, csr);
  }

  /** {@code csrrc rd, csr, rs1}. */
  public static int csrrc(int rd, int csr, int rs1) {
    return encode(Opcode.CSRRC, rd, rs1, 0, 0, 0, csr);
  }

  /** csrrwi rd, csr, uimm (uimm 0..31). */
  public static int csrrwi(int rd, int csr, int uimm) {
    return encode(Opcode.CSRRWI, rd, uimm, 0, 0, 0, csr);
  }

  /** {@code csrrsi rd, csr, uimm}. */
  public static int csrrsi(int rd, int csr, int uimm) {
    return encode(Opcode.CSRRSI, rd, uimm, 0, 0, 0, csr);
  }

  /** {@code csrrci rd, csr, uimm}. */
  public static int csrrci(int rd, int csr, int uimm) {
    return encode(Opcode.CSRRCI, rd, uimm, 0, 0, 0, csr);
  }

  // ---- M ----

  /** {@code mul rd, rs1, rs2}. */
  public static int mul(int rd, int rs1, int rs2) {
    return r(Opcode.MUL, rd, rs1, rs2);
  }

  /** {@code mulh rd, rs1, rs2}. */
  public static int mulh(int rd, int rs1, int rs2) {
    return r(Opcode.MULH, rd, rs1, rs2);
  }

  /** {@code mulhsu rd, rs1, rs2}. */
  public static int mulhsu(int rd, int rs1, int rs2) {
    return r(Opcode.MULHSU, rd, rs1, rs2);
  }

  /** {@code mulhu rd, rs1, rs2}. */
  public static int mulhu(int rd, int rs1, int rs2) {
    return r(Opcode.MULHU, rd, rs1, rs2);
  }

  /** {@code div rd, rs1, rs2}. */
  public static int div(int rd, int rs1, int rs2) {
    return r(Opcode.DIV, rd, rs1, rs2);
  }

  /** {@code divu rd, rs1, rs2}. */
  public static int divu(int rd, int rs1, int rs2) {
    return r(Opcode.DIVU, rd, rs1, rs2);
  }

  /** {@code rem rd, rs1, rs2}. */
  public static int rem(int rd, int rs1, int rs2) {
    return r(Opcode.REM, rd, rs1, rs2);
  }

  /** {@code remu rd, rs1, rs2}. */
  public static int remu(int rd, int rs1, int rs2) {
    return r(Opcode.REMU, rd, rs1, rs2);
  }

  /** {@code mulw rd, rs1, rs2}. */
  public static int mulw(int rd, int rs1, int rs2) {
    return r(Opcode.MULW, rd, rs1, rs2);
  }

  /** {@code divw rd, rs1, rs2}. */
  public static int divw(int rd, int rs1, int rs2) {
    return r(Opcode.DIVW, rd, rs1, rs2);
  }

  /** {@code divuw rd, rs1, rs2}. */
  public static int divuw(int rd, int rs1, int rs2) {
    return r(Opcode.DIVUW, rd, rs1, rs2);
  }

  /** {@code remw rd, rs1, rs2}. */
  public static int remw(int rd, int rs1, int rs2) {
    return r(Opcode.REMW, rd, rs1, rs2);
  }

  /** {@code remuw rd, rs1, rs2}. */
  public static int remuw(int rd, int rs1, int rs2) {
    return r(Opcode.REMUW, rd, rs1, rs2);
  }

  // ---- A ----

  /** lr.w rd, (rs1) with aq/rl bits {@code aqrl}. */
  public static int lr_w(int rd, int rs1, int aqrl) {
    return encode(Opcode.LR_W, rd, rs1, 0, 0, aqrl, 0);
  }

  /** {@code lr.d rd, rs1, aqrl}. */
  public static int lr_d(int rd, int rs1, int aqrl) {
    return encode(Opcode.LR_D, rd, rs1, 0, 0, aqrl, 0);
  }

  /** sc.w rd, rs2, (rs1) with aq/rl bits {@code aqrl}. */
  public static int sc_w(int rd, int rs2, int rs1, int aqrl) {
    return encode(Opcode.SC_W, rd, rs1, rs2, 0, aqrl, 0);
  }

  /** {@code sc.d rd, rs2, rs1, aqrl}. */
  public static int sc_d(int rd, int rs2, int rs1, int aqrl) {
    return encode(Opcode.SC_D, rd, rs1, rs2, 0, aqrl, 0);
  }

  /** Any AMO (amoswap.w .. amomaxu.d): op rd, rs2, (rs1) with aq/rl bits. */
  public static int amo(Opcode op, int rd, int rs2, int rs1, int aqrl) {
    return encode(op, rd, rs1, rs2, 0, aqrl, 0);
  }

  /** {@code amoadd.w rd, rs2, rs1, aqrl}. */
  public static int amoadd_w(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOADD_W, rd, rs2, rs1, aqrl);
  }

  /** {@code amoadd.d rd, rs2, rs1, aqrl}. */
  public static int amoadd_d(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOADD_D, rd, rs2, rs1, aqrl);
  }

  /** {@code amoswap.w rd, rs2, rs1, aqrl}. */
  public static int amoswap_w(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOSWAP_W, rd, rs2, rs1, aqrl);
  }

  /** {@code amoswap.d rd, rs2, rs1, aqrl}. */
  public static int amoswap_d(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOSWAP_D, rd, rs2, rs1, aqrl);
  }

  // ---- F / D ----

  /** flw/fld rd, imm(rs1). */
  public static int flw(int rd, int rs1, long imm) {
    return i(Opcode.FLW, rd, rs1, imm);
  }

  /** {@code fld rd, rs1, imm}. */
  public static int fld(int rd, int rs1, long imm) {
    return i(Opcode.FLD, rd, rs1, imm);
  }

  /** fsw rs2, imm(rs1). */
  public static int fsw(int rs2, int rs1, long imm) {
    return store(Opcode.FSW, rs2, rs1, imm);
  }

  /** {@code fsd rs2, rs1, imm}. */
  public static int fsd(int rs2, int rs1, long imm) {
    return store(Opcode.FSD, rs2, rs1, imm);
  }

  /** Fused multiply-add family: op rd, rs1, rs2, rs3, rm. */
  public static int fma(Opcode op, int rd, int rs1, int rs2, int rs3, int rm) {
    return encode(op, rd, rs1, rs2, rs3, rm, 0);
  }

  /** Two-operand FP op with a rounding mode (fadd..fdiv): op rd, rs1, rs2, rm. */
  public static int fpRr(Opcode op, int rd, int rs1, int rs2, int rm) {
    return encode(op, rd, rs1, rs2, 0, rm, 0);
  }

  /** One-operand FP op with a rounding mode (fsqrt, fcvt.*): op rd, rs1, rm. */
  public static int fpR(Opcode op, int rd, int rs1, int rm) {
    return encode(op, rd, rs1, 0, 0, rm, 0);
  }

  /** FP op without rounding mode on two operands (fsgnj*, fmin/fmax, feq/flt/fle). */
  public static int fpNorm(Opcode op, int rd, int rs1, int rs2) {
    return encode(op, rd, rs1, rs2, 0, 0, 0);
  }

  /** fmv.x.w, fmv.w.x, fmv.x.d, fmv.d.x, fclass.s, fclass.d: op rd, rs1. */
  public static int fpMove(Opcode op, int rd, int rs1) {
    return encode(op, rd, rs1, 0, 0, 0, 0);
  }

  /** {@code fmadd.s rd, rs1, rs2, rs3, rm}. */
  public static int fmadd_s(int rd, int rs1, int rs2, int rs3, int rm) {
    return fma(Opcode.FMADD_S, rd, rs1, rs2, rs3, rm);
  }

  /** {@code fmadd.d rd, rs1, rs2, rs3, rm}. */
  public static int fmadd_d(int rd, int rs1, int rs2, int rs3, int rm) {
    return fma(Opcode.FMADD_D, rd, rs1, rs2, rs3, rm);
  }

  /** {@code fadd.s rd, rs1, rs2, rm}. */
  public static int fadd_s(int rd, int rs1, int rs2, int rm) {
    return fpRr(Opcode.FADD_S, rd, rs1, rs2, rm);
  }

  /** {@code fadd.d rd, rs1, rs2, rm}. */
  public static int fadd_d(int rd, int rs1, int rs2, int rm) {
    return fpRr(Opcode.FADD_D, rd, rs1, rs2, rm);
  }

  /** {@code fsub.d rd, rs1, rs2, rm}. */
  public static int fsub_d(int rd, int rs1, int rs2, int rm) {
    return fpRr(Opcode.FSUB_D, rd, rs1, rs2, rm);
  }

  /** {@code fmul.d rd, rs1, rs2, rm}. */
  public static int fmul_d(int rd, int rs1, int rs2, int rm) {
    return fpRr(Opcode.FMUL_D, rd, rs1, rs2, rm);
  }

  /** {@code fdiv.d rd, rs1, rs2, rm}. */
  public static int fdiv_d(int rd, int rs1, int rs2, int rm) {
    return fpRr(Opcode.FDIV_D, rd, rs1, rs2, rm);
  }

  /** {@code fsqrt.d rd, rs1, rm}. */
  public static int fsqrt_d(int rd, int rs1, int rm) {
    return fpR(Opcode.FSQRT_D, rd, rs1, rm);
  }

  /** {@code fsgnj.d rd, rs1, rs2}. */
  public static int fsgnj_d(int rd, int rs1, int rs2) {
    return fpNorm(Opcode.FSGNJ_D, rd, rs1, rs2);
  }

  /** {@code feq.d rd, rs1, rs2}. */
  public static int feq_d(int rd, int rs1, int rs2) {
    return fpNorm(Opcode.FEQ_D, rd, rs1, rs2);
  }

  /** {@code fcvt.w.d rd, rs1, rm}. */
  public static int fcvt_w_d(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_W_D, rd, rs1, rm);
  }

  /** {@code fcvt.d.l rd, rs1, rm}. */
  public static int fcvt_d_l(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_D_L, rd, rs1, rm);
  }

  /** {@code fmv.x.d rd, rs1}. */
  public static int fmv_x_d(int rd, int rs1) {
    return fpMove(Opcode.FMV_X_D, rd, rs1);
  }

  /** {@code fmv.d.x rd, rs1}. */
  public static int fmv_d_x(int rd, int rs1) {
    return fpMove(Opcode.FMV_D_X, rd, rs1);
  }


  // ---- one helper per remaining opcode (same argument order as the groups above) ----

  /** {@code amoxor.w rd, rs2, (rs1)} with aq/rl bits. */
  public static int amoxor_w(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOXOR_W, rd, rs2, rs1, aqrl);
  }

  /** {@code amoand.w rd, rs2, (rs1)} with aq/rl bits. */
  public static int amoand_w(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOAND_W, rd, rs2, rs1, aqrl);
  }

  /** {@code amoor.w rd, rs2, (rs1)} with aq/rl bits. */
  public static int amoor_w(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOOR_W, rd, rs2, rs1, aqrl);
  }

  /** {@code amomin.w rd, rs2, (rs1)} with aq/rl bits. */
  public static int amomin_w(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOMIN_W, rd, rs2, rs1, aqrl);
  }

  /** {@code amomax.w rd, rs2, (rs1)} with aq/rl bits. */
  public static int amomax_w(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOMAX_W, rd, rs2, rs1, aqrl);
  }

  /** {@code amominu.w rd, rs2, (rs1)} with aq/rl bits. */
  public static int amominu_w(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOMINU_W, rd, rs2, rs1, aqrl);
  }

  /** {@code amomaxu.w rd, rs2, (rs1)} with aq/rl bits. */
  public static int amomaxu_w(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOMAXU_W, rd, rs2, rs1, aqrl);
  }

  /** {@code amoxor.d rd, rs2, (rs1)} with aq/rl bits. */
  public static int amoxor_d(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOXOR_D, rd, rs2, rs1, aqrl);
  }

  /** {@code amoand.d rd, rs2, (rs1)} with aq/rl bits. */
  public static int amoand_d(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOAND_D, rd, rs2, rs1, aqrl);
  }

  /** {@code amoor.d rd, rs2, (rs1)} with aq/rl bits. */
  public static int amoor_d(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOOR_D, rd, rs2, rs1, aqrl);
  }

  /** {@code amomin.d rd, rs2, (rs1)} with aq/rl bits. */
  public static int amomin_d(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOMIN_D, rd, rs2, rs1, aqrl);
  }

  /** {@code amomax.d rd, rs2, (rs1)} with aq/rl bits. */
  public static int amomax_d(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOMAX_D, rd, rs2, rs1, aqrl);
  }

  /** {@code amominu.d rd, rs2, (rs1)} with aq/rl bits. */
  public static int amominu_d(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOMINU_D, rd, rs2, rs1, aqrl);
  }

  /** {@code amomaxu.d rd, rs2, (rs1)} with aq/rl bits. */
  public static int amomaxu_d(int rd, int rs2, int rs1, int aqrl) {
    return amo(Opcode.AMOMAXU_D, rd, rs2, rs1, aqrl);
  }

  /** {@code fmsub.s rd, rs1, rs2, rs3, rm}. */
  public static int fmsub_s(int rd, int rs1, int rs2, int rs3, int rm) {
    return fma(Opcode.FMSUB_S, rd, rs1, rs2, rs3, rm);
  }

  /** {@code fnmsub.s rd, rs1, rs2, rs3, rm}. */
  public static int fnmsub_s(int rd, int rs1, int rs2, int rs3, int rm) {
    return fma(Opcode.FNMSUB_S, rd, rs1, rs2, rs3, rm);
  }

  /** {@code fnmadd.s rd, rs1, rs2, rs3, rm}. */
  public static int fnmadd_s(int rd, int rs1, int rs2, int rs3, int rm) {
    return fma(Opcode.FNMADD_S, rd, rs1, rs2, rs3, rm);
  }

  /** {@code fsub.s rd, rs1, rs2, rm}. */
  public static int fsub_s(int rd, int rs1, int rs2, int rm) {
    return fpRr(Opcode.FSUB_S, rd, rs1, rs2, rm);
  }

  /** {@code fmul.s rd, rs1, rs2, rm}. */
  public static int fmul_s(int rd, int rs1, int rs2, int rm) {
    return fpRr(Opcode.FMUL_S, rd, rs1, rs2, rm);
  }

  /** {@code fdiv.s rd, rs1, rs2, rm}. */
  public static int fdiv_s(int rd, int rs1, int rs2, int rm) {
    return fpRr(Opcode.FDIV_S, rd, rs1, rs2, rm);
  }

  /** {@code fsqrt.s rd, rs1, rm}. */
  public static int fsqrt_s(int rd, int rs1, int rm) {
    return fpR(Opcode.FSQRT_S, rd, rs1, rm);
  }

  /** {@code fsgnj.s rd, rs1, rs2}. */
  public static int fsgnj_s(int rd, int rs1, int rs2) {
    return fpNorm(Opcode.FSGNJ_S, rd, rs1, rs2);
  }

  /** {@code fsgnjn.s rd, rs1, rs2}. */
  public static int fsgnjn_s(int rd, int rs1, int rs2) {
    return fpNorm(Opcode.FSGNJN_S, rd, rs1, rs2);
  }

  /** {@code fsgnjx.s rd, rs1, rs2}. */
  public static int fsgnjx_s(int rd, int rs1, int rs2) {
    return fpNorm(Opcode.FSGNJX_S, rd, rs1, rs2);
  }

  /** {@code fmin.s rd, rs1, rs2}. */
  public static int fmin_s(int rd, int rs1, int rs2) {
    return fpNorm(Opcode.FMIN_S, rd, rs1, rs2);
  }

  /** {@code fmax.s rd, rs1, rs2}. */
  public static int fmax_s(int rd, int rs1, int rs2) {
    return fpNorm(Opcode.FMAX_S, rd, rs1, rs2);
  }

  /** {@code fcvt.w.s rd, rs1, rm}. */
  public static int fcvt_w_s(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_W_S, rd, rs1, rm);
  }

  /** {@code fcvt.wu.s rd, rs1, rm}. */
  public static int fcvt_wu_s(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_WU_S, rd, rs1, rm);
  }

  /** {@code fmv.x.w rd, rs1}. */
  public static int fmv_x_w(int rd, int rs1) {
    return fpMove(Opcode.FMV_X_W, rd, rs1);
  }

  /** {@code feq.s rd, rs1, rs2}. */
  public static int feq_s(int rd, int rs1, int rs2) {
    return fpNorm(Opcode.FEQ_S, rd, rs1, rs2);
  }

  /** {@code flt.s rd, rs1, rs2}. */
  public static int flt_s(int rd, int rs1, int rs2) {
    return fpNorm(Opcode.FLT_S, rd, rs1, rs2);
  }

  /** {@code fle.s rd, rs1, rs2}. */
  public static int fle_s(int rd, int rs1, int rs2) {
    return fpNorm(Opcode.FLE_S, rd, rs1, rs2);
  }

  /** {@code fclass.s rd, rs1}. */
  public static int fclass_s(int rd, int rs1) {
    return fpMove(Opcode.FCLASS_S, rd, rs1);
  }

  /** {@code fcvt.s.w rd, rs1, rm}. */
  public static int fcvt_s_w(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_S_W, rd, rs1, rm);
  }

  /** {@code fcvt.s.wu rd, rs1, rm}. */
  public static int fcvt_s_wu(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_S_WU, rd, rs1, rm);
  }

  /** {@code fmv.w.x rd, rs1}. */
  public static int fmv_w_x(int rd, int rs1) {
    return fpMove(Opcode.FMV_W_X, rd, rs1);
  }

  /** {@code fcvt.l.s rd, rs1, rm}. */
  public static int fcvt_l_s(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_L_S, rd, rs1, rm);
  }

  /** {@code fcvt.lu.s rd, rs1, rm}. */
  public static int fcvt_lu_s(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_LU_S, rd, rs1, rm);
  }

  /** {@code fcvt.s.l rd, rs1, rm}. */
  public static int fcvt_s_l(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_S_L, rd, rs1, rm);
  }

  /** {@code fcvt.s.lu rd, rs1, rm}. */
  public static int fcvt_s_lu(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_S_LU, rd, rs1, rm);
  }

  /** {@code fmsub.d rd, rs1, rs2, rs3, rm}. */
  public static int fmsub_d(int rd, int rs1, int rs2, int rs3, int rm) {
    return fma(Opcode.FMSUB_D, rd, rs1, rs2, rs3, rm);
  }

  /** {@code fnmsub.d rd, rs1, rs2, rs3, rm}. */
  public static int fnmsub_d(int rd, int rs1, int rs2, int rs3, int rm) {
    return fma(Opcode.FNMSUB_D, rd, rs1, rs2, rs3, rm);
  }

  /** {@code fnmadd.d rd, rs1, rs2, rs3, rm}. */
  public static int fnmadd_d(int rd, int rs1, int rs2, int rs3, int rm) {
    return fma(Opcode.FNMADD_D, rd, rs1, rs2, rs3, rm);
  }

  /** {@code fsgnjn.d rd, rs1, rs2}. */
  public static int fsgnjn_d(int rd, int rs1, int rs2) {
    return fpNorm(Opcode.FSGNJN_D, rd, rs1, rs2);
  }

  /** {@code fsgnjx.d rd, rs1, rs2}. */
  public static int fsgnjx_d(int rd, int rs1, int rs2) {
    return fpNorm(Opcode.FSGNJX_D, rd, rs1, rs2);
  }

  /** {@code fmin.d rd, rs1, rs2}. */
  public static int fmin_d(int rd, int rs1, int rs2) {
    return fpNorm(Opcode.FMIN_D, rd, rs1, rs2);
  }

  /** {@code fmax.d rd, rs1, rs2}. */
  public static int fmax_d(int rd, int rs1, int rs2) {
    return fpNorm(Opcode.FMAX_D, rd, rs1, rs2);
  }

  /** {@code fcvt.s.d rd, rs1, rm}. */
  public static int fcvt_s_d(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_S_D, rd, rs1, rm);
  }

  /** {@code fcvt.d.s rd, rs1, rm}. */
  public static int fcvt_d_s(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_D_S, rd, rs1, rm);
  }

  /** {@code flt.d rd, rs1, rs2}. */
  public static int flt_d(int rd, int rs1, int rs2) {
    return fpNorm(Opcode.FLT_D, rd, rs1, rs2);
  }

  /** {@code fle.d rd, rs1, rs2}. */
  public static int fle_d(int rd, int rs1, int rs2) {
    return fpNorm(Opcode.FLE_D, rd, rs1, rs2);
  }

  /** {@code fclass.d rd, rs1}. */
  public static int fclass_d(int rd, int rs1) {
    return fpMove(Opcode.FCLASS_D, rd, rs1);
  }

  /** {@code fcvt.wu.d rd, rs1, rm}. */
  public static int fcvt_wu_d(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_WU_D, rd, rs1, rm);
  }

  /** {@code fcvt.d.w rd, rs1, rm}. */
  public static int fcvt_d_w(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_D_W, rd, rs1, rm);
  }

  /** {@code fcvt.d.wu rd, rs1, rm}. */
  public static int fcvt_d_wu(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_D_WU, rd, rs1, rm);
  }

  /** {@code fcvt.l.d rd, rs1, rm}. */
  public static int fcvt_l_d(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_L_D, rd, rs1, rm);
  }

  /** {@code fcvt.lu.d rd, rs1, rm}. */
  public static int fcvt_lu_d(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_LU_D, rd, rs1, rm);
  }

  /** {@code fcvt.d.lu rd, rs1, rm}. */
  public static int fcvt_d_lu(int rd, int rs1, int rm) {
    return fpR(Opcode.FCVT_D_LU, rd, rs1, rm);
  }

  // ---- compressed (RV64C) halfwords; registers are full numbers (x8..x15 where primed) ----

  private static int creg(int r) {
    check(r >= 8 && r <= 15, "compressed register must be x8..x15: " + r);
    return r - 8;
  }

  private static int cimm6(long imm) {
    check(imm >= -32 && imm <= 31, "6-bit immediate out of range: " + imm);
    int i = (int) imm;
    return (i & 0x20) << 7 | (i & 0x1f) << 2;
  }

  private static void cr(int r) {
    check(r >= 0 && r < 32, "register out of range: " + r);
  }

  /** c.nop (imm 0) or its HINT forms. */
  public static int c_nop() {
    return 0x0001;
  }

  /** c.addi rd, imm: addi rd, rd, imm. */
  public static int c_addi(int rd, long imm) {
    cr(rd);
    return 0x0001 | rd << 7 | cimm6(imm);
  }

  /** c.addiw rd, imm (rd != 0). */
  public static int c_addiw(int rd, long imm) {
    check(rd > 0 && rd < 32, "c.addiw needs rd != 0");
    return 0x2001 | rd << 7 | cimm6(imm);
  }

  /** c.li rd, imm: addi rd, x0, imm. */
  public static int c_li(int rd, long imm) {
    cr(rd);
    return 0x4001 | rd << 7 | cimm6(imm);
  }

  /** c.lui rd, imm (rd not 2; imm the final value, nonzero, a multiple of 4096 in ±128 KiB). */
  public static int c_lui(int rd, long imm) {
    cr(rd);
    check(rd != 2 && imm != 0 && (imm & 0xfff) == 0, "c.lui operands");
    return 0x6001 | rd << 7 | cimm6(imm >> 12);
  }

  /** c.addi16sp imm: addi sp, sp, imm (nonzero multiple of 16 in [-512, 496]). */
  public static int c_addi16sp(long imm) {
    check(imm != 0 && (imm & 15) == 0 && imm >= -512 && imm <= 496, "c.addi16sp imm " + imm);
    int i = (int) imm;
    return 0x6101 | (i >> 9 & 1) << 12 | (i >> 4 & 1) << 6 | (i >> 6 & 1) << 5
        | (i >> 7 & 3) << 3 | (i >> 5 & 1) << 2;
  }

  /** c.addi4spn rd', imm: addi rd', sp, imm (nonzero multiple of 4 below 1024). */
  public static int c_addi4spn(int rd, long imm) {
    check(imm > 0 && imm < 1024 && (imm & 3) == 0, "c.addi4spn imm " + imm);
    int i = (int) imm;
    return creg(rd) << 2 | (i >> 4 & 3) << 11 | (i >> 6 & 15) << 7 | (i >> 2 & 1) << 6
        | (i >> 3 & 1) << 5;
  }

  /** c.slli rd, shamt. */
  public static int c_slli(int rd, int shamt) {
    cr(rd);
    check(shamt >= 0 && shamt < 64, "shamt " + shamt);
    return 0x0002 | rd << 7 | (shamt & 0x20) << 7 | (shamt & 0x1f) << 2;
  }

  private static int cshift(int base, int rd, int shamt) {
    check(shamt >= 0 && shamt < 64, "shamt " + shamt);
    return base | creg(rd) << 7 | (shamt & 0x20) << 7 | (shamt & 0x1f) << 2;
  }

  /** c.srli rd', shamt. */
  public static int c_srli(int rd, int shamt) {
    return cshift(0x8001, rd, shamt);
  }

  /** c.srai rd', shamt. */
  public static int c_srai(int rd, int shamt) {
    return cshift(0x8401, rd, shamt);
  }

  /** c.andi rd', imm. */
  public static int c_andi(int rd, long imm) {
    return 0x8801 | creg(rd) << 7 | cimm6(imm);
  }

  private static int carith(int bits, int rd, int rs2) {
    return 0x8c01 | bits | creg(rd) << 7 | creg(rs2) << 2;
  }

  /** {@code c.sub rd, rs2}. */
  public static int c_sub(int rd, int rs2) {
    return carith(0x00, rd, rs2);
  }

  /** {@code c.xor rd, rs2}. */
  public static int c_xor(int rd, int rs2) {
    return carith(0x20, rd, rs2);
  }

  /** {@code c.or rd, rs2}. */
  public static int c_or(int rd, int rs2) {
    return carith(0x40, rd, rs2);
  }

  /** {@code c.and rd, rs2}. */
  public static int c_and(int rd, int rs2) {
    return carith(0x60, rd, rs2);
  }

  /** {@code c.subw rd, rs2}. */
  public static int c_subw(int rd, int rs2) {
    return carith(0x1000, rd, rs2);
  }

  /** {@code c.addw rd, rs2}. */
  public static int c_addw(int rd, int rs2) {
    return carith(0x1020, rd, rs2);
  }

  /** c.mv rd, rs2 (rs2 != 0): add rd, x0, rs2. */
  public static int c_mv(int rd, int rs2) {
    cr(rd);
    check(rs2 > 0 && rs2 < 32, "c.mv needs rs2 != 0");
    return 0x8002 | rd << 7 | rs2 << 2;
  }

  /** c.add rd, rs2 (rs2 != 0): add rd, rd, rs2. */
  public static int c_add(int rd, int rs2) {
    cr(rd);
    check(rs2 > 0 && rs2 < 32, "c.add needs rs2 != 0");
    return 0x9002 | rd << 7 | rs2 << 2;
  }

  /** c.jr rs1 (rs1 != 0): jalr x0, 0(rs1). */
  public static int c_jr(int rs1) {
    check(rs1 > 0 && rs1 < 32, "c.jr needs rs1 != 0");
    return 0x8002 | rs1 << 7;
  }

  /** c.jalr rs1 (rs1 != 0): jalr ra, 0(rs1). */
  public static int c_jalr(int rs1) {
    check(rs1 > 0 && rs1 < 32, "c.jalr needs rs1 != 0");
    return 0x9002 | rs1 << 7;
  }

  /** {@code c.ebreak}. */
  public static int c_ebreak() {
    return 0x9002;
  }

  /** c.j off: jal x0, off (even, in [-2048, 2046]). */
  public static int c_j(long off) {
    check((off & 1) == 0 && off >= -2048 && off <= 2046, "c.j offset " + off);
    int i = (int) off;
    return 0xa001 | (i >> 11 & 1) << 12 | (i >> 4 & 1) << 11 | (i >> 8 & 3) << 9
        | (i >> 10 & 1) << 8 | (i >> 6 & 1) << 7 | (i >> 7 & 1) << 6 | (i >> 1 & 7) << 3
        | (i >> 5 & 1) << 2;
  }

  private static int cbranch(int base, int rs1, long off) {
    check((off & 1) == 0 && off >= -256 && off <= 254, "c.beqz/c.bnez offset " + off);
    int i = (int) off;
    return base | creg(rs1) << 7 | (i >> 8 & 1) << 12 | (i >> 3 & 3) << 10 | (i >> 6 & 3) << 5
        | (i >> 1 & 3) << 3 | (i >> 5 & 1) << 2;
  }

  /** c.beqz rs1', off: beq rs1', x0, off. */
  public static int c_beqz(int rs1, long off) {
    return cbranch(0xc001, rs1, off);
  }

  /** c.bnez rs1', off: bne rs1', x0, off. */
  public static int c_bnez(int rs1, long off) {
    return cbranch(0xe001, rs1, off);
  }

  private static int cmemW(int base, int r1, int r2, long off) {
    check(off >= 0 && off < 128 && (off & 3) == 0, "c.lw/c.sw offset " + off);
    int i = (int) off;
    return base | creg(r1) << 7 | creg(r2) << 2 | (i >> 3 & 7) << 10 | (i >> 2 & 1) << 6
        | (i >> 6 & 1) << 5;
  }

  private static int cmemD(int base, int r1, int r2, long off) {
    check(off >= 0 && off < 256 && (off & 7) == 0, "c.ld/c.sd offset " + off);
    int i = (int) off;
    return base | creg(r1) << 7 | creg(r2) << 2 | (i >> 3 & 7) << 10 | (i >> 6 & 3) << 5;
  }

  /** c.lw rd', off(rs1'). */
  public static int c_lw(int rd, int rs1, long off) {
    return cmemW(0x4000, rs1, rd, off);
  }

  /** c.ld rd', off(rs1'). */
  public static int c_ld(int rd, int rs1, long off) {
    return cmemD(0x6000, rs1, rd, off);
  }

  /** c.fld frd', off(rs1'). */
  public static int c_fld(int rd, int rs1, long off) {
    return cmemD(0x2000, rs1, rd, off);
  }

  /** c.sw rs2', off(rs1'). */
  public static int c_sw(int rs2, int rs1, long off) {
    return cmemW(0xc000, rs1, rs2, off);
  }

  /** c.sd rs2', off(rs1'). */
  public static int c_sd(int rs2, int rs1, long off) {
    return cmemD(0xe000, rs1, rs2, off);
  }

  /** c.fsd frs2', off(rs1'). */
  public static int c_fsd(int rs2, int rs1, long off) {
    return cmemD(0xa000, rs1, rs2, off);
  }

  /** c.lwsp rd, off(sp) (rd != 0). */
  public static int c_lwsp(int rd, long off) {
    check(rd > 0 && rd < 32 && off >= 0 && off < 256 && (off & 3) == 0, "c.lwsp operands");
    int i = (int) off;
    return 0x4002 | rd << 7 | (i >> 5 & 1) << 12 | (i >> 2 & 7) << 4 | (i >> 6 & 3) << 2;
  }

  private static int cldsp(int base, int rd, long off) {
    check(off >= 0 && off < 512 && (off & 7) == 0, "c.ldsp offset " + off);
    int i = (int) off;
    return base | rd << 7 | (i >> 5 & 1) << 12 | (i >> 3 & 3) << 5 | (i >> 6 & 7) << 2;
  }

  /** c.ldsp rd, off(sp) (rd != 0). */
  public static int c_ldsp(int rd, long off) {
    check(rd > 0 && rd < 32, "c.ldsp needs rd != 0");
    return cldsp(0x6002, rd, off);
  }

  /** c.fldsp frd, off(sp). */
  public static int c_fldsp(int rd, long off) {
    cr(rd);
    return cldsp(0x2002, rd, off);
  }

  /** c.swsp rs2, off(sp). */
  public static int c_swsp(int rs2, long off) {
    cr(rs2);
    check(off >= 0 && off < 256 && (off & 3) == 0, "c.swsp offset " + off);
    int i = (int) off;
    return 0xc002 | rs2 << 2 | (i >> 2 & 15) << 9 | (i >> 6 & 3) << 7;
  }

  private static int csdsp(int base, int rs2, long off) {
    cr(rs2);
    check(off >= 0 && off < 512 && (off & 7) == 0, "c.sdsp offset " + off);
    int i = (int) off;
    return base | rs2 << 2 | (i >> 3 & 7) << 10 | (i >> 6 & 7) << 7;
  }

  /** c.sdsp rs2, off(sp). */
  public static int c_sdsp(int rs2, long off) {
    return csdsp(0xe002, rs2, off);
  }

  /** c.fsdsp frs2, off(sp). */
  public static int c_fsdsp(int rs2, long off) {
    return csdsp(0xa002, rs2, off);
  }
}
