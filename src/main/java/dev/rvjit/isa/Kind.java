package dev.rvjit.isa;

/**
 * The operand shape of an instruction: which registers it reads and writes and how its semantics
 * method is called. The interpreter and the translator both dispatch on it, so one shape means one
 * calling convention into {@code dev.rvjit.cpu.Alu}, {@code dev.rvjit.cpu.Fpu} or
 * {@code dev.rvjit.memory.Memory}.
 */
public enum Kind {
  /** {@code x[rd] = Alu.sem(x[rs1], x[rs2])}. */
  ALU_RR,
  /** {@code x[rd] = Alu.sem(x[rs1], imm)}. */
  ALU_RI,
  /** {@code x[rd] = imm}. */
  LUI,
  /** {@code x[rd] = pc + imm}. */
  AUIPC,
  /** {@code x[rd] = pc + len; pc += imm}. */
  JAL,
  /** {@code t = (x[rs1] + imm) & ~1; x[rd] = pc + len; pc = t}. */
  JALR,
  /** {@code if (Alu.sem(x[rs1], x[rs2])) pc += imm}. */
  BRANCH,
  /** {@code x[rd] = Memory.sem(x[rs1] + imm)}. */
  LOAD,
  /** {@code Memory.sem(x[rs1] + imm, x[rs2])}. */
  STORE,
  /** {@code f[rd] = Fpu.sem(Memory.lw/ld(x[rs1] + imm))} (flw boxes, fld does not). */
  FLOAD,
  /** {@code Memory.sw/sd(x[rs1] + imm, f[rs2])}. */
  FSTORE,
  /** {@code x[rd] = Atomics.sem(hart, x[rs1])}: lr.w / lr.d. */
  LR,
  /** {@code x[rd] = Atomics.sem(hart, x[rs1], x[rs2])}: sc.w / sc.d (0 on success). */
  SC,
  /** {@code x[rd] = hart.mem.sem(x[rs1], x[rs2])}: amo* (returns the old value). */
  AMO,
  /** {@code f[rd] = Fpu.sem(hart, f[rs1], f[rs2], rm)}. */
  FP_RR,
  /** {@code f[rd] = Fpu.sem(hart, f[rs1], rm)}. */
  FP_R,
  /** {@code f[rd] = Fpu.sem(hart, f[rs1], f[rs2], f[rs3], rm)}. */
  FP_R4,
  /** {@code f[rd] = Fpu.sem(hart, f[rs1], f[rs2])}: sign injection, min/max (no rounding). */
  FP_RR_NORM,
  /** {@code x[rd] = Fpu.sem(hart, f[rs1], f[rs2])}: feq/flt/fle. */
  FP_CMP,
  /** {@code x[rd] = Fpu.sem(hart, f[rs1], rm)}: fcvt to integer, fmv.x, fclass. */
  FP_TO_X,
  /** {@code f[rd] = Fpu.sem(hart, x[rs1], rm)}: fcvt from integer, fmv to fp. */
  X_TO_FP,
  /**
   * csrrw/csrrs/csrrc with a register operand; {@code imm} holds the CSR number. Calls
   * {@code Csr.sem(hart, csr, x[rs1], write, raw)} where write is false for csrrs/csrrc with rs1 = x0.
   */
  CSR,
  /** csrrwi/csrrsi/csrrci; {@code rs1} holds the 5-bit immediate, {@code imm} the CSR number. */
  CSRI,
  /** ecall: ends the block, goes to the Linux layer. */
  ECALL,
  /** ebreak: raises a breakpoint trap (SIGTRAP for a Linux process). */
  EBREAK,
  /** fence (and its hints, such as pause): no effect on one hart. */
  FENCE,
  /** fence.i: ends the block and drops cached code. */
  FENCE_I,
  /** An encoding that is not a valid RV64GC instruction: raises an illegal-instruction trap. */
  ILLEGAL
}
