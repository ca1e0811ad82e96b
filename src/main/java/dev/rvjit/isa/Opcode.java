package dev.rvjit.isa;

import java.util.Locale;

/**
 * Every RV64GC user-level instruction, named as in the ISA manual ({@code .} becomes {@code _}).
 *
 * <p>This table is the one place that lists instructions and their properties. Compressed
 * instructions decode to the base instruction they expand to (with {@link Insn#len} 2), as the
 * manual defines them.
 *
 * <p>{@link #sem} names the static method that holds the instruction's semantics; its owner and
 * signature follow from {@link #kind} (see {@link Kind}). The interpreter calls it and the
 * translator emits a call to it, so an instruction's meaning is written once.
 */
public enum Opcode {
  // RV64I
  LUI(Kind.LUI, null),
  AUIPC(Kind.AUIPC, null),
  JAL(Kind.JAL, null),
  JALR(Kind.JALR, null),
  BEQ(Kind.BRANCH, "beq"),
  BNE(Kind.BRANCH, "bne"),
  BLT(Kind.BRANCH, "blt"),
  BGE(Kind.BRANCH, "bge"),
  BLTU(Kind.BRANCH, "bltu"),
  BGEU(Kind.BRANCH, "bgeu"),
  LB(Kind.LOAD, "lb"),
  LH(Kind.LOAD, "lh"),
  LW(Kind.LOAD, "lw"),
  LD(Kind.LOAD, "ld"),
  LBU(Kind.LOAD, "lbu"),
  LHU(Kind.LOAD, "lhu"),
  LWU(Kind.LOAD, "lwu"),
  SB(Kind.STORE, "sb"),
  SH(Kind.STORE, "sh"),
  SW(Kind.STORE, "sw"),
  SD(Kind.STORE, "sd"),
  ADDI(Kind.ALU_RI, "add"),
  SLTI(Kind.ALU_RI, "slt"),
  SLTIU(Kind.ALU_RI, "sltu"),
  XORI(Kind.ALU_RI, "xor"),
  ORI(Kind.ALU_RI, "or"),
  ANDI(Kind.ALU_RI, "and"),
  SLLI(Kind.ALU_RI, "sll"),
  SRLI(Kind.ALU_RI, "srl"),
  SRAI(Kind.ALU_RI, "sra"),
  ADD(Kind.ALU_RR, "add"),
  SUB(Kind.ALU_RR, "sub"),
  SLL(Kind.ALU_RR, "sll"),
  SLT(Kind.ALU_RR, "slt"),
  SLTU(Kind.ALU_RR, "sltu"),
  XOR(Kind.ALU_RR, "xor"),
  SRL(Kind.ALU_RR, "srl"),
  SRA(Kind.ALU_RR, "sra"),
  OR(Kind.ALU_RR, "or"),
  AND(Kind.ALU_RR, "and"),
  ADDIW(Kind.ALU_RI, "addw"),
  SLLIW(Kind.ALU_RI, "sllw"),
  SRLIW(Kind.ALU_RI, "srlw"),
  SRAIW(Kind.ALU_RI, "sraw"),
  ADDW(Kind.ALU_RR, "addw"),
  SUBW(Kind.ALU_RR, "subw"),
  SLLW(Kind.ALU_RR, "sllw"),
  SRLW(Kind.ALU_RR, "srlw"),
  SRAW(Kind.ALU_RR, "sraw"),
  FENCE(Kind.FENCE, null),
  ECALL(Kind.ECALL, null),
  EBREAK(Kind.EBREAK, null),
  // Zifencei
  FENCE_I(Kind.FENCE_I, null),
  // Zicsr
  CSRRW(Kind.CSR, "csrrw"),
  CSRRS(Kind.CSR, "csrrs"),
  CSRRC(Kind.CSR, "csrrc"),
  CSRRWI(Kind.CSRI, "csrrw"),
  CSRRSI(Kind.CSRI, "csrrs"),
  CSRRCI(Kind.CSRI, "csrrc"),
  // M
  MUL(Kind.ALU_RR, "mul"),
  MULH(Kind.ALU_RR, "mulh"),
  MULHSU(Kind.ALU_RR, "mulhsu"),
  MULHU(Kind.ALU_RR, "mulhu"),
  DIV(Kind.ALU_RR, "div"),
  DIVU(Kind.ALU_RR, "divu"),
  REM(Kind.ALU_RR, "rem"),
  REMU(Kind.ALU_RR, "remu"),
  MULW(Kind.ALU_RR, "mulw"),
  DIVW(Kind.ALU_RR, "divw"),
  DIVUW(Kind.ALU_RR, "divuw"),
  REMW(Kind.ALU_RR, "remw"),
  REMUW(Kind.ALU_RR, "remuw"),
  // A
  LR_W(Kind.LR, "lr_w"),
  SC_W(Kind.SC, "sc_w"),
  AMOSWAP_W(Kind.AMO, "amoswap_w"),
  AMOADD_W(Kind.AMO, "amoadd_w"),
  AMOXOR_W(Kind.AMO, "amoxor_w"),
  AMOAND_W(Kind.AMO, "amoand_w"),
  AMOOR_W(Kind.AMO, "amoor_w"),
  AMOMIN_W(Kind.AMO, "amomin_w"),
  AMOMAX_W(Kind.AMO, "amomax_w"),
  AMOMINU_W(Kind.AMO, "amominu_w"),
  AMOMAXU_W(Kind.AMO, "amomaxu_w"),
  LR_D(Kind.LR, "lr_d"),
  SC_D(Kind.SC, "sc_d"),
  AMOSWAP_D(Kind.AMO, "amoswap_d"),
  AMOADD_D(Kind.AMO, "amoadd_d"),
  AMOXOR_D(Kind.AMO, "amoxor_d"),
  AMOAND_D(Kind.AMO, "amoand_d"),
  AMOOR_D(Kind.AMO, "amoor_d"),
  AMOMIN_D(Kind.AMO, "amomin_d"),
  AMOMAX_D(Kind.AMO, "amomax_d"),
  AMOMINU_D(Kind.AMO, "amominu_d"),
  AMOMAXU_D(Kind.AMO, "amomaxu_d"),
  // F
  FLW(Kind.FLOAD, "lw"),
  FSW(Kind.FSTORE, "sw"),
  FMADD_S(Kind.FP_R4, "fmadd_s"),
  FMSUB_S(Kind.FP_R4, "fmsub_s"),
  FNMSUB_S(Kind.FP_R4, "fnmsub_s"),
  FNMADD_S(Kind.FP_R4, "fnmadd_s"),
  FADD_S(Kind.FP_RR, "fadd_s"),
  FSUB_S(Kind.FP_RR, "fsub_s"),
  FMUL_S(Kind.FP_RR, "fmul_s"),
  FDIV_S(Kind.FP_RR, "fdiv_s"),
  FSQRT_S(Kind.FP_R, "fsqrt_s"),
  FSGNJ_S(Kind.FP_RR_NORM, "fsgnj_s"),
  FSGNJN_S(Kind.FP_RR_NORM, "fsgnjn_s"),
  FSGNJX_S(Kind.FP_RR_NORM, "fsgnjx_s"),
  FMIN_S(Kind.FP_RR_NORM, "fmin_s"),
  FMAX_S(Kind.FP_RR_NORM, "fmax_s"),
  FCVT_W_S(Kind.FP_TO_X, "fcvt_w_s"),
  FCVT_WU_S(Kind.FP_TO_X, "fcvt_wu_s"),
  FMV_X_W(Kind.FP_TO_X, "fmv_x_w"),
  FEQ_S(Kind.FP_CMP, "feq_s"),
  FLT_S(Kind.FP_CMP, "flt_s"),
  FLE_S(Kind.FP_CMP, "fle_s"),
  FCLASS_S(Kind.FP_TO_X, "fclass_s"),
  FCVT_S_W(Kind.X_TO_FP, "fcvt_s_w"),
  FCVT_S_WU(Kind.X_TO_FP, "fcvt_s_wu"),
  FMV_W_X(Kind.X_TO_FP, "fmv_w_x"),
  FCVT_L_S(Kind.FP_TO_X, "fcvt_l_s"),
  FCVT_LU_S(Kind.FP_TO_X, "fcvt_lu_s"),
  FCVT_S_L(Kind.X_TO_FP, "fcvt_s_l"),
  FCVT_S_LU(Kind.X_TO_FP, "fcvt_s_lu"),
  // D
  FLD(Kind.FLOAD, "ld"),
  FSD(Kind.FSTORE, "sd"),
  FMADD_D(Kind.FP_R4, "fmadd_d"),
  FMSUB_D(Kind.FP_R4, "fmsub_d"),
  FNMSUB_D(Kind.FP_R4, "fnmsub_d"),
  FNMADD_D(Kind.FP_R4, "fnmadd_d"),
  FADD_D(Kind.FP_RR, "fadd_d"),
  FSUB_D(Kind.FP_RR, "fsub_d"),
  FMUL_D(Kind.FP_RR, "fmul_d"),
  FDIV_D(Kind.FP_RR, "fdiv_d"),
  FSQRT_D(Kind.FP_R, "fsqrt_d"),
  FSGNJ_D(Kind.FP_RR_NORM, "fsgnj_d"),
  FSGNJN_D(Kind.FP_RR_NORM, "fsgnjn_d"),
  FSGNJX_D(Kind.FP_RR_NORM, "fsgnjx_d"),
  FMIN_D(Kind.FP_RR_NORM, "fmin_d"),
  FMAX_D(Kind.FP_RR_NORM, "fmax_d"),
  FCVT_S_D(Kind.FP_R, "fcvt_s_d"),
  FCVT_D_S(Kind.FP_R, "fcvt_d_s"),
  FEQ_D(Kind.FP_CMP, "feq_d"),
  FLT_D(Kind.FP_CMP, "flt_d"),
  FLE_D(Kind.FP_CMP, "fle_d"),
  FCLASS_D(Kind.FP_TO_X, "fclass_d"),
  FCVT_W_D(Kind.FP_TO_X, "fcvt_w_d"),
  FCVT_WU_D(Kind.FP_TO_X, "fcvt_wu_d"),
  FCVT_D_W(Kind.X_TO_FP, "fcvt_d_w"),
  FCVT_D_WU(Kind.X_TO_FP, "fcvt_d_wu"),
  FCVT_L_D(Kind.FP_TO_X, "fcvt_l_d"),
  FCVT_LU_D(Kind.FP_TO_X, "fcvt_lu_d"),
  FMV_X_D(Kind.FP_TO_X, "fmv_x_d"),
  FCVT_D_L(Kind.X_TO_FP, "fcvt_d_l"),
  FCVT_D_LU(Kind.X_TO_FP, "fcvt_d_lu"),
  FMV_D_X(Kind.X_TO_FP, "fmv_d_x"),
  /** Not an instruction: the decoder's answer for an invalid encoding. */
  ILLEGAL(Kind.ILLEGAL, null);

  /** Operand shape; decides how interpreter and translator call {@link #sem}. */
  public final Kind kind;
  /** Name of the static semantics method (see {@link Kind}), or null where the shape says all. */
  public final String sem;
  /** Mnemonic as the ISA manual and GNU objdump spell it, e.g. {@code fmadd.d}. */
  public final String mnemonic;

  Opcode(Kind kind, String sem) {
    this.kind = kind;
    this.sem = sem;
    this.mnemonic = name().toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** True if the instruction may transfer control, so it ends a basic block. */
  public boolean endsBlock() {
    switch (kind) {
      case JAL:
      case JALR:
      case BRANCH:
      case ECALL:
      case EBREAK:
      case FENCE_I:
      case ILLEGAL:
        return true;
      default:
        return false;
    }
  }

  /** True for loads, stores and atomics (instructions that may fault on memory). */
  public boolean accessesMemory() {
    switch (kind) {
      case LOAD:
      case STORE:
      case FLOAD:
      case FSTORE:
      case LR:
      case SC:
      case AMO:
        return true;
      default:
        return false;
    }
  }

  /** True if the destination {@code rd} names a floating-point register. */
  public boolean writesFpr() {
    switch (kind) {
      case FLOAD:
      case FP_RR:
      case FP_R:
      case FP_R4:
      case FP_RR_NORM:
      case X_TO_FP:
        return true;
      default:
        return false;
    }
  }

  /** True if {@code rs1} names a floating-point register. */
  public boolean readsFprRs1() {
    switch (kind) {
      case FP_RR:
      case FP_R:
      case FP_R4:
      case FP_RR_NORM:
      case FP_CMP:
      case FP_TO_X:
        return true;
      default:
        return false;
    }
  }

  /** True if {@code rs2} names a floating-point register. */
  public boolean readsFprRs2() {
    switch (kind) {
      case FSTORE:
      case FP_RR:
      case FP_R4:
      case FP_RR_NORM:
      case FP_CMP:
        return true;
      default:
        return false;
    }
  }

  /** True if the instruction has a rounding-mode field {@code rm}. */
  public boolean hasRoundingMode() {
    switch (kind) {
      case FP_RR:
      case FP_R4:
      case FP_TO_X:
      case X_TO_FP:
        return this != FMV_X_W && this != FMV_X_D && this != FCLASS_S && this != FCLASS_D
            && this != FMV_W_X && this != FMV_D_X;
      case FP_R:
        return true;
      default:
        return false;
    }
  }
}
