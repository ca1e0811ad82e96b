package dev.rvjit.interp;

import static dev.rvjit.isa.Opcode.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.cpu.IllegalInstruction;
import dev.rvjit.cpu.MemoryFault;
import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Opcode;
import dev.rvjit.testing.RawMachine;
import dev.rvjit.testing.RawMachine.Tier;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Instruction semantics, including the corner cases the ISA manual defines, checked in every tier
 * (the JIT tier compiles each block before running it). Operands go in x5/x6, results come from
 * x7.
 */
class InstructionSemanticsTest {
  private static final long MIN = Long.MIN_VALUE;
  private static final long MAX = Long.MAX_VALUE;

  private static long rr(Tier t, Opcode op, long a, long b) {
    RawMachine.Result r = new RawMachine(t).reg(5, a).reg(6, b).code(Asm.r(op, 7, 5, 6))
        .runToExit();
    assertTrue(r.outcome.startsWith("exit"), r.outcome);
    return r.x(7);
  }

  private static long ri(Tier t, Opcode op, long a, long imm) {
    RawMachine.Result r = new RawMachine(t).reg(5, a).code(Asm.i(op, 7, 5, imm)).runToExit();
    assertTrue(r.outcome.startsWith("exit"), r.outcome);
    return r.x(7);
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void addSubWrapAndWordFormsSignExtend(Tier t) {
    assertEquals(MIN, rr(t, ADD, MAX, 1));
    assertEquals(MAX, rr(t, SUB, MIN, 1));
    assertEquals(0xffffffff80000000L, rr(t, ADDW, 0x7fffffff, 1));
    assertEquals(0x7fffffffL, rr(t, SUBW, 0x80000000L, 1));
    assertEquals(-1L, ri(t, ADDIW, 0xffffffffL, 0)); // sext.w
    assertEquals(5L, ri(t, ADDIW, 0x1234567800000004L, 1)); // upper bits ignored
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void divisionByZeroAndOverflow(Tier t) {
    assertEquals(-1L, rr(t, DIV, 42, 0));
    assertEquals(-1L, rr(t, DIVU, 42, 0));
    assertEquals(42L, rr(t, REM, 42, 0));
    assertEquals(42L, rr(t, REMU, 42, 0));
    assertEquals(MIN, rr(t, DIV, MIN, -1));
    assertEquals(0L, rr(t, REM, MIN, -1));
    assertEquals(-1L, rr(t, DIVW, 7, 0));
    assertEquals(-1L, rr(t, DIVUW, 7, 0));
    assertEquals(7L, rr(t, REMW, 7, 0));
    assertEquals(-9L, rr(t, REMUW, 0xfffffffff7L, 0)); // low word sign-extended
    assertEquals((long) Integer.MIN_VALUE, rr(t, DIVW, Integer.MIN_VALUE, -1));
    assertEquals(0L, rr(t, REMW, Integer.MIN_VALUE, -1));
    assertEquals(0xffffffff80000000L, rr(t, DIVUW, 0x80000000L, 1));
    assertEquals(-3L, rr(t, DIV, -7, 2)); // rounds toward zero
    assertEquals(-1L, rr(t, REM, -7, 2)); // sign of the dividend
    assertEquals(Long.divideUnsigned(-7, 2), rr(t, DIVU, -7, 2));
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void multiplyHighHalves(Tier t) {
    Random r = new Random(1);
    BigInteger two64 = BigInteger.ONE.shiftLeft(64);
    long[] vals = {0, 1, -1, MIN, MAX, 3, -3, r.nextLong(), r.nextLong(), r.nextLong()};
    for (long a : vals) {
      for (long b : vals) {
        BigInteger sa = BigInteger.valueOf(a);
        BigInteger sb = BigInteger.valueOf(b);
        BigInteger ua = sa.signum() < 0 ? sa.add(two64) : sa;
        BigInteger ub = sb.signum() < 0 ? sb.add(two64) : sb;
        assertEquals(sa.multiply(sb).shiftRight(64).longValue(), rr(t, MULH, a, b), "mulh");
        assertEquals(ua.multiply(ub).shiftRight(64).longValue(), rr(t, MULHU, a, b), "mulhu");
        assertEquals(sa.multiply(ub).shiftRight(64).longValue(), rr(t, MULHSU, a, b), "mulhsu");
      }
    }
    assertEquals((long) (int) (0x12345678L * 0x9abcdefL), rr(t, MULW, 0x12345678L, 0x9abcdefL));
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void shiftsUseLowBitsOfTheAmount(Tier t) {
    assertEquals(2L, rr(t, SLL, 1, 65)); // low 6 bits: 1
    assertEquals(MIN, ri(t, SLLI, 1, 63));
    assertEquals(-1L, ri(t, SRAI, MIN, 63));
    assertEquals(1L, ri(t, SRLI, MIN, 63));
    assertEquals(0xffffffff80000000L, rr(t, SLLW, 1, 63)); // low 5 bits: 31, then sign-extend
    assertEquals(0x7fffffffL, ri(t, SRLIW, 0xffffffffL, 1));
    assertEquals(-1L, ri(t, SRAIW, 0x80000000L, 31));
    assertEquals(1L, rr(t, SRLW, 0x1_8000_0000L, 31)); // upper word ignored
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void comparisons(Tier t) {
    assertEquals(1L, rr(t, SLT, -1, 0));
    assertEquals(0L, rr(t, SLTU, -1, 0));
    assertEquals(1L, ri(t, SLTIU, 5, -1)); // -1 is the largest unsigned value
    assertEquals(1L, ri(t, SLTIU, 0, 1)); // seqz
    assertEquals(1L, ri(t, SLTI, MIN, -2048));
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void upperImmediates(Tier t) {
    RawMachine.Result r = new RawMachine(t).code(Asm.lui(7, (long) Integer.MIN_VALUE), Asm.auipc(8, 0x1000))
        .runToExit();
    assertEquals(0xffffffff80000000L, r.x(7));
    assertEquals(RawMachine.CODE + 4 + 0x1000, r.x(8));
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void x0IsAlwaysZero(Tier t) {
    RawMachine.Result r = new RawMachine(t).reg(5, 9)
        .code(Asm.i(ADDI, 0, 5, 5), Asm.r(ADD, 7, 0, 5), Asm.lui(0, 0x1000))
        .runToExit();
    assertEquals(0L, r.hart.reg(0));
    assertEquals(9L, r.x(7));
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void loadsExtendAndStoresTruncate(Tier t) {
    long d = RawMachine.DATA;
    RawMachine.Result r = new RawMachine(t).reg(5, d).reg(6, 0x8081828384858687L)
        .code(Asm.store(SD, 6, 5, 0), Asm.i(LB, 7, 5, 0), Asm.i(LBU, 8, 5, 0), Asm.i(LH, 9, 5, 6),
            Asm.i(LHU, 10, 5, 6), Asm.i(LW, 11, 5, 4), Asm.i(LWU, 12, 5, 4), Asm.i(LD, 13, 5, 0),
            Asm.store(SB, 6, 5, 16), Asm.i(LD, 14, 5, 16), Asm.i(LD, 15, 5, 1))
        .code(Asm.i(ADDI, 10, 10, 0))
        .runToExit();
    assertEquals((long) (byte) 0x87, r.x(7));
    assertEquals(0x87L, r.x(8));
    assertEquals((long) (short) 0x8081, r.x(9));
    assertEquals(0xffffffff80818283L, r.x(11));
    assertEquals(0x80818283L, r.x(12));
    assertEquals(0x8081828384858687L, r.x(13));
    assertEquals(0x87L, r.x(14) & 0xff);
    assertEquals(0x0080818283848586L, r.x(15) & 0x00ffffffffffffffL, "misaligned load");
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void jumpsLinkAndJalrClearsBitZero(Tier t) {
    // 0: jal ra,8 ; 4: (skipped) ; 8: auipc t0,0 ; 12: addi t0,t0,13 (odd) ; 16: jalr t1,0(t0)
    // -> target 20 & ~1 = 20 ; 20: addi x7,x0,1
    RawMachine.Result r = new RawMachine(t)
        .code(Asm.jal(1, 8), Asm.i(ADDI, 7, 0, 99), Asm.auipc(5, 0), Asm.i(ADDI, 5, 5, 13),
            Asm.jalr(6, 5, 0), Asm.i(ADDI, 7, 7, 1))
        .runToExit();
    assertEquals(RawMachine.CODE + 4, r.x(1));
    assertEquals(RawMachine.CODE + 20, r.x(6));
    assertEquals(1L, r.x(7));
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void branchesAndLoopsCountInstret(Tier t) {
    // x5 = 10 ; loop: x7 += x5 ; x5 -= 1 ; bnez x5, loop
    RawMachine.Result r = new RawMachine(t)
        .code(Asm.i(ADDI, 5, 0, 10), Asm.r(ADD, 7, 7, 5), Asm.i(ADDI, 5, 5, -1),
            Asm.branch(BNE, 5, 0, -8))
        .runToExit();
    assertEquals(55L, r.x(7));
    assertEquals(1 + 30 + 2, r.hart.instret);
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void instretCsrIsExactMidBlock(Tier t) {
    RawMachine.Result r = new RawMachine(t)
        .code(Asm.i(ADDI, 5, 0, 1), Asm.i(ADDI, 5, 5, 1),
            Asm.encode(CSRRS, 7, 0, 0, 0, 0, 0xc02), // rdinstret: 2 retired before it
            Asm.encode(CSRRS, 8, 0, 0, 0, 0, 0xc00)) // rdcycle (= instret here)
        .runToExit();
    assertEquals(2L, r.x(7));
    assertEquals(3L, r.x(8));
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void lrScReservation(Tier t) {
    long d = RawMachine.DATA;
    RawMachine.Result r = new RawMachine(t).reg(5, d).reg(6, 77).reg(9, d + 8)
        .code(Asm.encode(SC_D, 7, 5, 6, 0, 0, 0), // no reservation: fails (1)
            Asm.encode(LR_D, 8, 5, 0, 0, 0, 0),
            Asm.encode(SC_D, 10, 9, 6, 0, 0, 0), // other address: fails, clears reservation
            Asm.encode(SC_D, 11, 5, 6, 0, 0, 0), // reservation gone: fails
            Asm.encode(LR_D, 8, 5, 0, 0, 0, 0),
            Asm.encode(SC_D, 12, 5, 6, 0, 0, 0), // succeeds (0)
            Asm.i(LD, 13, 5, 0), Asm.i(ADDI, 10, 0, 0))
        .runToExit();
    assertEquals(1L, r.x(7));
    assertEquals(1L, r.x(11));
    assertEquals(0L, r.x(12));
    assertEquals(77L, r.x(13));
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void atomicMemoryOperations(Tier t) {
    long d = RawMachine.DATA;
    RawMachine m = new RawMachine(t).reg(5, d).reg(6, -5);
    m.mem.sd(d, 3);
    RawMachine.Result r = m
        .code(Asm.encode(AMOMIN_D, 7, 5, 6, 0, 0, 0), // old 3, new min(3,-5) = -5
            Asm.encode(AMOMAXU_D, 8, 5, 6, 0, 0, 0), // old -5, new maxu(-5,-5)
            Asm.encode(AMOADD_W, 9, 5, 6, 0, 3, 0), // old low word of -5 (sign-extended)
            Asm.encode(AMOSWAP_W, 11, 5, 0, 0, 0, 0), Asm.i(LD, 12, 5, 0))
        .runToExit();
    assertEquals(3L, r.x(7));
    assertEquals(-5L, r.x(8));
    assertEquals(-5L, r.x(9));
    assertEquals(-10L, r.x(11));
    assertEquals(0xffffffff00000000L, r.x(12));
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void compressedFormsExecuteAsTheirExpansion(Tier t) {
    RawMachine.Result r = new RawMachine(t)
        .code(Asm.c_li(9, -3), Asm.c_addi(9, 10), Asm.c_mv(10, 9), Asm.c_slli(10, 4),
            Asm.c_addiw(9, 0))
        .code(Asm.i(ADDI, 7, 10, 0), Asm.i(ADDI, 10, 0, 0))
        .runToExit();
    assertEquals(7L, r.x(9));
    assertEquals(112L, r.x(7));
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void faultsArePreciseAndNameTheAddress(Tier t) {
    RawMachine.Result r = new RawMachine(t)
        .code(Asm.i(ADDI, 5, 0, 1), Asm.i(ADDI, 6, 0, 2), Asm.i(LD, 7, 0, 64), Asm.i(ADDI, 5, 0, 9))
        .runToExit();
    assertTrue(r.trap instanceof MemoryFault, r.outcome);
    assertEquals(139, r.trap.exitStatus());
    assertEquals(RawMachine.CODE + 8, r.trap.pc());
    assertEquals(RawMachine.CODE + 8, r.hart.pc);
    assertEquals(2L, r.hart.instret);
    assertEquals(1L, r.x(5));
    assertEquals(64L, ((MemoryFault) r.trap).address());
    assertTrue(r.trap.describe().contains("0x40"), r.trap.describe());
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void storeToCodeFaults(Tier t) {
    RawMachine.Result r = new RawMachine(t).reg(5, RawMachine.CODE)
        .code(Asm.store(SW, 0, 5, 0)).runToExit();
    assertTrue(r.trap instanceof MemoryFault, r.outcome);
    assertEquals(0L, r.hart.instret);
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void misalignedAtomicIsABusError(Tier t) {
    RawMachine.Result r = new RawMachine(t).reg(5, RawMachine.DATA + 2)
        .code(Asm.encode(AMOADD_W, 7, 5, 6, 0, 0, 0)).runToExit();
    assertEquals(135, r.trap.exitStatus(), r.outcome);
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void illegalInstructionsNameTheWord(Tier t) {
    RawMachine.Result r = new RawMachine(t).code(Asm.i(ADDI, 5, 0, 1), 0xffffffff).runToExit();
    assertTrue(r.trap instanceof IllegalInstruction, r.outcome);
    assertEquals(132, r.trap.exitStatus());
    assertEquals(RawMachine.CODE + 4, r.trap.pc());
    assertTrue(r.trap.describe().contains("0xffffffff"), r.trap.describe());
    RawMachine.Result c = new RawMachine(t).code(Asm.encode(CSRRS, 7, 0, 0, 0, 0, 0x7c0))
        .runToExit();
    assertTrue(c.trap instanceof IllegalInstruction, "unknown CSR: " + c.outcome);
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void instructionLimitIsExact(Tier t) {
    RawMachine m = new RawMachine(t)
        .code(Asm.i(ADDI, 5, 0, 100), Asm.i(ADDI, 7, 7, 1), Asm.i(ADDI, 5, 5, -1),
            Asm.branch(BNE, 5, 0, -8));
    RawMachine.Result r = m.run(151);
    assertTrue(r.outcome.startsWith("LimitReached"), r.outcome);
    assertEquals(151L, r.hart.instret);
    assertEquals(50L, r.x(7));
  }
}
