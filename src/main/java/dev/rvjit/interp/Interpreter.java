package dev.rvjit.interp;

import dev.rvjit.cpu.Alu;
import dev.rvjit.cpu.Atomics;
import dev.rvjit.cpu.Breakpoint;
import dev.rvjit.cpu.Csr;
import dev.rvjit.cpu.Fpu;
import dev.rvjit.cpu.GuestExit;
import dev.rvjit.cpu.GuestTrap;
import dev.rvjit.cpu.Hart;
import dev.rvjit.cpu.IllegalInstruction;
import dev.rvjit.cpu.LimitReached;
import dev.rvjit.cpu.RangeMiss;
import dev.rvjit.cpu.Syscalls;
import dev.rvjit.isa.Insn;
import dev.rvjit.isa.Opcode;
import dev.rvjit.memory.Memory;

/**
 * Tier 0: executes pre-decoded blocks. The loop never decodes and never allocates; each block
 * entry bumps the block's counter (the JIT tier's profile) and, when the JIT tier has published
 * compiled code for the block, runs that instead.
 *
 * <p>Instruction semantics live in {@link Alu}, {@link Fpu}, {@link Atomics}, {@link Csr} and
 * {@link Memory}; this class only moves operands between registers and those methods, as the
 * opcode's {@link dev.rvjit.isa.Kind} says. The translator does the same in bytecode.
 *
 * <p>{@code instret} is exact at every hand-over: after each block, before a system call or CSR
 * access, and when a trap leaves the loop.
 */
public final class Interpreter {
  private final Hart h;
  private final long[] x;
  private final long[] f;
  private final Memory mem;
  private final Syscalls sys;
  private final BlockCache cache;
  private Tier1 tier1;
  /** Instructions retired by the interpreter itself (the rest ran as compiled code). */
  private long interpretedInsns;
  /**
   * Most instructions one call of compiled code may retire before it hands back, so that this
   * loop sees {@link Hart#pending} soon (well under a millisecond) even when the guest never
   * leaves a compiled loop. Compiled code reads no volatile field itself: such a read at every
   * loop back edge keeps HotSpot from hoisting field loads out of the loop (measured: the sieve
   * sample ran 1.7x faster without it).
   */
  static final long COMPILED_SLICE = 1L << 20;
  /**
   * Entries of the direct-mapped cache from guest pc to the compiled unit that runs there, which
   * the dispatcher consults when an exit leads somewhere else than last time.
   */
  private static final int JUMP_CACHE_SIZE = 4096;
  private final long[] jumpPc = new long[JUMP_CACHE_SIZE];
  private final CompiledCode[] jumpCode = new CompiledCode[JUMP_CACHE_SIZE];

  /** Sees every hand-over from one compiled unit to what runs next (for profiles; slower). */
  public interface TransitionSink {
    /**
     * Compiled unit {@code from} left through exit number {@code exit} towards guest pc
     * {@code next}; called before the dispatcher links or looks up what runs there.
     */
    void transition(CompiledCode from, int exit, long next);
  }

  private TransitionSink transitions;

  /** Reports every unit-to-unit hand-over to {@code sink} (null: off, the default). */
  public void setTransitionSink(TransitionSink sink) {
    this.transitions = sink;
  }

  /** The hook a JIT tier installs to see block entries. */
  public interface Tier1 {
    /**
     * Called once, when the block's counter reaches {@link #threshold()}; returns quickly
     * (translation happens on another thread unless the tier is synchronous).
     */
    void hot(Block b);

    /** Counter value at which {@link #hot} is called. */
    long threshold();

    /**
     * Called when {@code cc} has missed its floating-point ranges {@link #RANGE_MISS_LIMIT}
     * times: the tier drops it and compiles its code again without the range analysis.
     */
    default void rangesFailed(CompiledCode cc) {}
  }

  /** Range misses (see {@link CompiledCode#rangeMisses}) after which a unit is made again. */
  public static final int RANGE_MISS_LIMIT = 64;

  public Interpreter(Hart h, Syscalls sys, BlockCache cache) {
    this.h = h;
    this.x = h.x;
    this.f = h.f;
    this.mem = h.mem;
    this.sys = sys;
    this.cache = cache;
  }

  public void setTier1(Tier1 t) {
    this.tier1 = t;
  }

  public BlockCache cache() {
    return cache;
  }

  /** Instructions the interpreter executed itself. */
  public long interpretedInsns() {
    return interpretedInsns;
  }

  /**
   * Runs from {@code h.pc} until the guest exits ({@link GuestExit}) or traps ({@link GuestTrap}),
   * or {@code limit} instructions have retired in total ({@link LimitReached}).
   */
  public void run(long limit) {
    final Tier1 t1 = tier1;
    final long threshold = t1 == null ? Long.MAX_VALUE : t1.threshold();
    Block b = cache.lookup(h.pc);
    while (true) {
      CompiledCode cc = b.compiled;
      if (cc != null) {
        Block nb = runCompiled(cc, limit);
        if (nb == null) {
          b = cache.lookup(h.pc); // declined: too little budget left for one pass; interpret
        } else {
          b = nb;
          if (b.compiled != null) {
            continue; // compiled meanwhile
          }
        }
      }
      int n = b.insns.length;
      if (h.instret + n > limit) {
        runToLimit(b, limit);
      }
      GuestTrap stop = h.pending;
      if (stop != null) {
        throw stop.at(h.pc);
      }
      // No compiled code, or it declined (too little instruction budget left for one pass).
      if (b.compiled == null && ++b.count == threshold) {
        t1.hot(b);
        if (b.compiled != null) {
          continue; // a synchronous tier compiled it already: run the compiled code now
        }
      }
      long next = exec(b, n);
      h.instret += n;
      interpretedInsns += n;
      h.pc = next;
      Block nb;
      if (next == b.endPc) {
        nb = b.fall;
        if (nb == null || !nb.valid) {
          nb = b.fall = cache.lookup(next);
        }
      } else {
        nb = b.taken;
        if (nb == null || nb.pc != next || !nb.valid) {
          nb = b.taken = cache.lookup(next);
          if (b.last().op == dev.rvjit.isa.Opcode.JALR) {
            b.recordIndirectTarget(next);
          }
        }
      }
      b = nb;
    }
  }

  /**
   * Runs compiled units from {@code cc} on, one after the other, until control reaches a block
   * without compiled code (returned) or a unit declines (too little instruction budget left for
   * one pass: returns null). Going from one unit to the next touches no {@link Block}
   * in the common case: each unit remembers, per exit, the pc it first led to and the unit that
   * runs there ({@link CompiledCode#linkPc}, {@link CompiledCode#linkCode}), and other targets
   * (indirect jumps, returns) are found in a direct-mapped jump cache; a unit found either way is
   * only trusted while it is valid.
   */
  private Block runCompiled(CompiledCode cc, long limit) {
    final TransitionSink sink = transitions;
    while (true) {
      GuestTrap stop = h.pending;
      if (stop != null) {
        throw stop.at(h.pc);
      }
      long instret = h.instret;
      int exit;
      try {
        exit = cc.run(h, limit - instret > COMPILED_SLICE ? instret + COMPILED_SLICE : limit);
      } catch (RangeMiss m) {
        // A floating-point value outside the unit's compiled ranges: the hart is exact at that
        // instruction (not retired); the interpreter runs on from there.
        rangeMiss(cc);
        return null;
      }
      if (exit < 0) {
        if (exit == -2) {
          rangeMiss(cc); // declined: a register out of range at entry
        }
        return null; // declined, nothing changed
      }
      cc.entries++;
      long next = h.pc;
      if (sink != null) {
        sink.transition(cc, exit, next);
      }
      if (cc.linkPc[exit] == next) {
        CompiledCode nc = cc.linkCode[exit];
        if (nc != null && nc.valid) {
          cc = nc;
          continue;
        }
      }
      // Another target (an indirect jump, a return to another caller) or not linked yet: the
      // jump cache, then the block cache. The exit keeps the first unit it led to.
      int slot = (int) (next >>> 1) & (JUMP_CACHE_SIZE - 1);
      CompiledCode nc = null;
      if (jumpPc[slot] == next) {
        nc = jumpCode[slot];
        if (nc != null && !nc.valid) {
          nc = null;
        }
      }
      if (nc == null) {
        Block nb = cache.lookup(next);
        nc = nb.compiled;
        if (nc == null) {
          return nb;
        }
        jumpPc[slot] = next;
        jumpCode[slot] = nc;
      }
      CompiledCode linked = cc.linkCode[exit];
      if (linked == null || !linked.valid) {
        cc.linkPc[exit] = next;
        cc.linkCode[exit] = nc;
      }
      cc = nc;
    }
  }

  private void rangeMiss(CompiledCode cc) {
    if (++cc.rangeMisses == RANGE_MISS_LIMIT && tier1 != null) {
      tier1.rangesFailed(cc);
    }
  }

  /** Executes the first instructions of {@code b} that fit under {@code limit}, then stops. */
  private void runToLimit(Block b, long limit) {
    int k = (int) Math.max(0, limit - h.instret);
    long next = b.pc;
    if (k > 0) {
      next = exec(b, k);
      h.instret += k;
      interpretedInsns += k;
    }
    h.pc = next;
    throw new LimitReached(limit + " instructions executed (--max-insns)").at(next);
  }

  /**
   * Executes up to {@code n} instructions of {@code b} and returns the next pc. Only the last
   * instruction of a block can transfer control.
   */
  private long exec(Block b, int n) {
    final Insn[] is = b.insns;
    final long[] x = this.x;
    final Memory mem = this.mem;
    int i = 0;
    try {
      for (; i < n; i++) {
        final Insn in = is[i];
        switch (in.op) {
        case LB:
          x[in.xd] = mem.lb(x[in.rs1] + in.imm);
          break;
        case LH:
          x[in.xd] = mem.lh(x[in.rs1] + in.imm);
          break;
        case LW:
          x[in.xd] = mem.lw(x[in.rs1] + in.imm);
          break;
        case LD:
          x[in.xd] = mem.ld(x[in.rs1] + in.imm);
          break;
        case LBU:
          x[in.xd] = mem.lbu(x[in.rs1] + in.imm);
          break;
        case LHU:
          x[in.xd] = mem.lhu(x[in.rs1] + in.imm);
          break;
        case LWU:
          x[in.xd] = mem.lwu(x[in.rs1] + in.imm);
          break;
        case SB:
          mem.sb(x[in.rs1] + in.imm, x[in.rs2]);
          break;
        case SH:
          mem.sh(x[in.rs1] + in.imm, x[in.rs2]);
          break;
        case SW:
          mem.sw(x[in.rs1] + in.imm, x[in.rs2]);
          break;
        case SD:
          mem.sd(x[in.rs1] + in.imm, x[in.rs2]);
          break;
        case ADDI:
          x[in.xd] = Alu.add(x[in.rs1], in.imm);
          break;
        case SLTI:
          x[in.xd] = Alu.slt(x[in.rs1], in.imm);
          break;
        case SLTIU:
          x[in.xd] = Alu.sltu(x[in.rs1], in.imm);
          break;
        case XORI:
          x[in.xd] = Alu.xor(x[in.rs1], in.imm);
          break;
        case ORI:
          x[in.xd] = Alu.or(x[in.rs1], in.imm);
          break;
        case ANDI:
          x[in.xd] = Alu.and(x[in.rs1], in.imm);
          break;
        case SLLI:
          x[in.xd] = Alu.sll(x[in.rs1], in.imm);
          break;
        case SRLI:
          x[in.xd] = Alu.srl(x[in.rs1], in.imm);
          break;
        case SRAI:
          x[in.xd] = Alu.sra(x[in.rs1], in.imm);
          break;
        case ADD:
          x[in.xd] = Alu.add(x[in.rs1], x[in.rs2]);
          break;
        case SUB:
          x[in.xd] = Alu.sub(x[in.rs1], x[in.rs2]);
          break;
        case SLL:
          x[in.xd] = Alu.sll(x[in.rs1], x[in.rs2]);
          break;
        case SLT:
          x[in.xd] = Alu.slt(x[in.rs1], x[in.rs2]);
          break;
        case SLTU:
          x[in.xd] = Alu.sltu(x[in.rs1], x[in.rs2]);
          break;
        case XOR:
          x[in.xd] = Alu.xor(x[in.rs1], x[in.rs2]);
          break;
        case SRL:
          x[in.xd] = Alu.srl(x[in.rs1], x[in.rs2]);
          break;
        case SRA:
          x[in.xd] = Alu.sra(x[in.rs1], x[in.rs2]);
          break;
        case OR:
          x[in.xd] = Alu.or(x[in.rs1], x[in.rs2]);
          break;
        case AND:
          x[in.xd] = Alu.and(x[in.rs1], x[in.rs2]);
          break;
        case ADDIW:
          x[in.xd] = Alu.addw(x[in.rs1], in.imm);
          break;
        case SLLIW:
          x[in.xd] = Alu.sllw(x[in.rs1], in.imm);
          break;
        case SRLIW:
          x[in.xd] = Alu.srlw(x[in.rs1], in.imm);
          break;
        case SRAIW:
          x[in.xd] = Alu.sraw(x[in.rs1], in.imm);
          break;
        case ADDW:
          x[in.xd] = Alu.addw(x[in.rs1], x[in.rs2]);
          break;
        case SUBW:
          x[in.xd] = Alu.subw(x[in.rs1], x[in.rs2]);
          break;
        case SLLW:
          x[in.xd] = Alu.sllw(x[in.rs1], x[in.rs2]);
          break;
        case SRLW:
          x[in.xd] = Alu.srlw(x[in.rs1], x[in.rs2]);
          break;
        case SRAW:
          x[in.xd] = Alu.sraw(x[in.rs1], x[in.rs2]);
          break;
        case MUL:
          x[in.xd] = Alu.mul(x[in.rs1], x[in.rs2]);
          break;
        case MULH:
          x[in.xd] = Alu.mulh(x[in.rs1], x[in.rs2]);
          break;
        case MULHSU:
          x[in.xd] = Alu.mulhsu(x[in.rs1], x[in.rs2]);
          break;
        case MULHU:
          x[in.xd] = Alu.mulhu(x[in.rs1], x[in.rs2]);
          break;
        case DIV:
          x[in.xd] = Alu.div(x[in.rs1], x[in.rs2]);
          break;
        case DIVU:
          x[in.xd] = Alu.divu(x[in.rs1], x[in.rs2]);
          break;
        case REM:
          x[in.xd] = Alu.rem(x[in.rs1], x[in.rs2]);
          break;
        case REMU:
          x[in.xd] = Alu.remu(x[in.rs1], x[in.rs2]);
          break;
        case MULW:
          x[in.xd] = Alu.mulw(x[in.rs1], x[in.rs2]);
          break;
        case DIVW:
          x[in.xd] = Alu.divw(x[in.rs1], x[in.rs2]);
          break;
        case DIVUW:
          x[in.xd] = Alu.divuw(x[in.rs1], x[in.rs2]);
          break;
        case REMW:
          x[in.xd] = Alu.remw(x[in.rs1], x[in.rs2]);
          break;
        case REMUW:
          x[in.xd] = Alu.remuw(x[in.rs1], x[in.rs2]);
          break;
        case LR_W:
          x[in.xd] = Atomics.lr_w(h, x[in.rs1]);
          break;
        case SC_W:
          x[in.xd] = Atomics.sc_w(h, x[in.rs1], x[in.rs2]);
          break;
        case AMOSWAP_W:
          x[in.xd] = mem.amoswap_w(x[in.rs1], x[in.rs2]);
          break;
        case AMOADD_W:
          x[in.xd] = mem.amoadd_w(x[in.rs1], x[in.rs2]);
          break;
        case AMOXOR_W:
          x[in.xd] = mem.amoxor_w(x[in.rs1], x[in.rs2]);
          break;
        case AMOAND_W:
          x[in.xd] = mem.amoand_w(x[in.rs1], x[in.rs2]);
          break;
        case AMOOR_W:
          x[in.xd] = mem.amoor_w(x[in.rs1], x[in.rs2]);
          break;
        case AMOMIN_W:
          x[in.xd] = mem.amomin_w(x[in.rs1], x[in.rs2]);
          break;
        case AMOMAX_W:
          x[in.xd] = mem.amomax_w(x[in.rs1], x[in.rs2]);
          break;
        case AMOMINU_W:
          x[in.xd] = mem.amominu_w(x[in.rs1], x[in.rs2]);
          break;
        case AMOMAXU_W:
          x[in.xd] = mem.amomaxu_w(x[in.rs1], x[in.rs2]);
          break;
        case LR_D:
          x[in.xd] = Atomics.lr_d(h, x[in.rs1]);
          break;
        case SC_D:
          x[in.xd] = Atomics.sc_d(h, x[in.rs1], x[in.rs2]);
          break;
        case AMOSWAP_D:
          x[in.xd] = mem.amoswap_d(x[in.rs1], x[in.rs2]);
          break;
        case AMOADD_D:
          x[in.xd] = mem.amoadd_d(x[in.rs1], x[in.rs2]);
          break;
        case AMOXOR_D:
          x[in.xd] = mem.amoxor_d(x[in.rs1], x[in.rs2]);
          break;
        case AMOAND_D:
          x[in.xd] = mem.amoand_d(x[in.rs1], x[in.rs2]);
          break;
        case AMOOR_D:
          x[in.xd] = mem.amoor_d(x[in.rs1], x[in.rs2]);
          break;
        case AMOMIN_D:
          x[in.xd] = mem.amomin_d(x[in.rs1], x[in.rs2]);
          break;
        case AMOMAX_D:
          x[in.xd] = mem.amomax_d(x[in.rs1], x[in.rs2]);
          break;
        case AMOMINU_D:
          x[in.xd] = mem.amominu_d(x[in.rs1], x[in.rs2]);
          break;
        case AMOMAXU_D:
          x[in.xd] = mem.amomaxu_d(x[in.rs1], x[in.rs2]);
          break;
          case LUI:
            x[in.xd] = in.imm;
            break;
          case AUIPC:
            x[in.xd] = in.pc + in.imm;
            break;
          case JAL:
            x[in.xd] = in.pc + in.len;
            return in.pc + in.imm;
          case JALR: {
            long target = (x[in.rs1] + in.imm) & ~1L;
            x[in.xd] = in.pc + in.len;
            return target;
          }
          case BEQ:
            return x[in.rs1] == x[in.rs2] ? in.pc + in.imm : in.pc + in.len;
          case BNE:
            return x[in.rs1] != x[in.rs2] ? in.pc + in.imm : in.pc + in.len;
          case BLT:
            return Alu.blt(x[in.rs1], x[in.rs2]) ? in.pc + in.imm : in.pc + in.len;
          case BGE:
            return Alu.bge(x[in.rs1], x[in.rs2]) ? in.pc + in.imm : in.pc + in.len;
          case BLTU:
            return Alu.bltu(x[in.rs1], x[in.rs2]) ? in.pc + in.imm : in.pc + in.len;
          case BGEU:
            return Alu.bgeu(x[in.rs1], x[in.rs2]) ? in.pc + in.imm : in.pc + in.len;
          case FLW:
            f[in.rd] = 0xffffffff00000000L | mem.lwu(x[in.rs1] + in.imm);
            break;
          case FLD:
            f[in.rd] = mem.ld(x[in.rs1] + in.imm);
            break;
          case FSW:
            mem.sw(x[in.rs1] + in.imm, f[in.rs2]);
            break;
          case FSD:
            mem.sd(x[in.rs1] + in.imm, f[in.rs2]);
            break;
          case FENCE:
            break;
          case FENCE_I:
            // Stores into code pages already dropped the stale blocks (see Memory's CODE flag).
            return in.pc + in.len;
          case ECALL:
            h.pc = in.pc;
            h.instret += i;
            try {
              sys.ecall(h);
            } finally {
              h.instret -= i;
            }
            return in.pc + in.len;
          case EBREAK:
            throw new Breakpoint();
          case CSRRW:
          case CSRRS:
          case CSRRC:
          case CSRRWI:
          case CSRRSI:
          case CSRRCI:
            csr(in, i);
            break;
          case ILLEGAL:
            throw new IllegalInstruction(in.raw, in.len);
          default:
            execFp(in);
            break;
        }
      }
      return is[n - 1].next();
    } catch (GuestTrap t) {
      throw trapped(t, is[i], i);
    } catch (GuestExit e) {
      h.instret += i + 1;
      interpretedInsns += i + 1;
      throw e;
    }
  }

  /** Makes the hart exact for a trap at instruction {@code i} of the current block. */
  private GuestTrap trapped(GuestTrap t, Insn in, int i) {
    h.instret += i;
    interpretedInsns += i;
    h.pc = in.pc;
    if (t instanceof IllegalInstruction && ((IllegalInstruction) t).word() == 0) {
      t = new IllegalInstruction(in.raw, in.len);
    }
    return t.at(in.pc);
  }

  private void csr(Insn in, int i) {
    int csr = (int) in.imm;
    long operand = in.op.kind == dev.rvjit.isa.Kind.CSRI ? in.rs1 : x[in.rs1];
    boolean write = in.op == Opcode.CSRRW || in.op == Opcode.CSRRWI || in.rs1 != 0;
    long save = h.instret;
    h.instret = save + i;
    long old;
    try {
      switch (in.op) {
        case CSRRW:
        case CSRRWI:
          old = Csr.csrrw(h, csr, operand, write, in.raw);
          break;
        case CSRRS:
        case CSRRSI:
          old = Csr.csrrs(h, csr, operand, write, in.raw);
          break;
        default:
          old = Csr.csrrc(h, csr, operand, write, in.raw);
          break;
      }
    } finally {
      h.instret = save;
    }
    x[in.xd] = old;
  }

  /** The F and D instructions, kept apart so the hot integer switch stays small. */
  private void execFp(Insn in) {
    final long[] x = this.x;
    final long[] f = this.f;
    final Hart h = this.h;
    switch (in.op) {
      case FMADD_S:
        f[in.rd] = Fpu.fmadd_s(h, f[in.rs1], f[in.rs2], f[in.rs3], in.rm);
        break;
      case FMSUB_S:
        f[in.rd] = Fpu.fmsub_s(h, f[in.rs1], f[in.rs2], f[in.rs3], in.rm);
        break;
      case FNMSUB_S:
        f[in.rd] = Fpu.fnmsub_s(h, f[in.rs1], f[in.rs2], f[in.rs3], in.rm);
        break;
      case FNMADD_S:
        f[in.rd] = Fpu.fnmadd_s(h, f[in.rs1], f[in.rs2], f[in.rs3], in.rm);
        break;
      case FADD_S:
        f[in.rd] = Fpu.fadd_s(h, f[in.rs1], f[in.rs2], in.rm);
        break;
      case FSUB_S:
        f[in.rd] = Fpu.fsub_s(h, f[in.rs1], f[in.rs2], in.rm);
        break;
      case FMUL_S:
        f[in.rd] = Fpu.fmul_s(h, f[in.rs1], f[in.rs2], in.rm);
        break;
      case FDIV_S:
        f[in.rd] = Fpu.fdiv_s(h, f[in.rs1], f[in.rs2], in.rm);
        break;
      case FSQRT_S:
        f[in.rd] = Fpu.fsqrt_s(h, f[in.rs1], in.rm);
        break;
      case FSGNJ_S:
        f[in.rd] = Fpu.fsgnj_s(h, f[in.rs1], f[in.rs2]);
        break;
      case FSGNJN_S:
        f[in.rd] = Fpu.fsgnjn_s(h, f[in.rs1], f[in.rs2]);
        break;
      case FSGNJX_S:
        f[in.rd] = Fpu.fsgnjx_s(h, f[in.rs1], f[in.rs2]);
        break;
      case FMIN_S:
        f[in.rd] = Fpu.fmin_s(h, f[in.rs1], f[in.rs2]);
        break;
      case FMAX_S:
        f[in.rd] = Fpu.fmax_s(h, f[in.rs1], f[in.rs2]);
        break;
      case FCVT_W_S:
        x[in.xd] = Fpu.fcvt_w_s(h, f[in.rs1], in.rm);
        break;
      case FCVT_WU_S:
        x[in.xd] = Fpu.fcvt_wu_s(h, f[in.rs1], in.rm);
        break;
      case FMV_X_W:
        x[in.xd] = Fpu.fmv_x_w(h, f[in.rs1], in.rm);
        break;
      case FEQ_S:
        x[in.xd] = Fpu.feq_s(h, f[in.rs1], f[in.rs2]);
        break;
      case FLT_S:
        x[in.xd] = Fpu.flt_s(h, f[in.rs1], f[in.rs2]);
        break;
      case FLE_S:
        x[in.xd] = Fpu.fle_s(h, f[in.rs1], f[in.rs2]);
        break;
      case FCLASS_S:
        x[in.xd] = Fpu.fclass_s(h, f[in.rs1], in.rm);
        break;
      case FCVT_S_W:
        f[in.rd] = Fpu.fcvt_s_w(h, x[in.rs1], in.rm);
        break;
      case FCVT_S_WU:
        f[in.rd] = Fpu.fcvt_s_wu(h, x[in.rs1], in.rm);
        break;
      case FMV_W_X:
        f[in.rd] = Fpu.fmv_w_x(h, x[in.rs1], in.rm);
        break;
      case FCVT_L_S:
        x[in.xd] = Fpu.fcvt_l_s(h, f[in.rs1], in.rm);
        break;
      case FCVT_LU_S:
        x[in.xd] = Fpu.fcvt_lu_s(h, f[in.rs1], in.rm);
        break;
      case FCVT_S_L:
        f[in.rd] = Fpu.fcvt_s_l(h, x[in.rs1], in.rm);
        break;
      case FCVT_S_LU:
        f[in.rd] = Fpu.fcvt_s_lu(h, x[in.rs1], in.rm);
        break;
      case FMADD_D:
        f[in.rd] = Fpu.fmadd_d(h, f[in.rs1], f[in.rs2], f[in.rs3], in.rm);
        break;
      case FMSUB_D:
        f[in.rd] = Fpu.fmsub_d(h, f[in.rs1], f[in.rs2], f[in.rs3], in.rm);
        break;
      case FNMSUB_D:
        f[in.rd] = Fpu.fnmsub_d(h, f[in.rs1], f[in.rs2], f[in.rs3], in.rm);
        break;
      case FNMADD_D:
        f[in.rd] = Fpu.fnmadd_d(h, f[in.rs1], f[in.rs2], f[in.rs3], in.rm);
        break;
      case FADD_D:
        f[in.rd] = Fpu.fadd_d(h, f[in.rs1], f[in.rs2], in.rm);
        break;
      case FSUB_D:
        f[in.rd] = Fpu.fsub_d(h, f[in.rs1], f[in.rs2], in.rm);
        break;
      case FMUL_D:
        f[in.rd] = Fpu.fmul_d(h, f[in.rs1], f[in.rs2], in.rm);
        break;
      case FDIV_D:
        f[in.rd] = Fpu.fdiv_d(h, f[in.rs1], f[in.rs2], in.rm);
        break;
      case FSQRT_D:
        f[in.rd] = Fpu.fsqrt_d(h, f[in.rs1], in.rm);
        break;
      case FSGNJ_D:
        f[in.rd] = Fpu.fsgnj_d(h, f[in.rs1], f[in.rs2]);
        break;
      case FSGNJN_D:
        f[in.rd] = Fpu.fsgnjn_d(h, f[in.rs1], f[in.rs2]);
        break;
      case FSGNJX_D:
        f[in.rd] = Fpu.fsgnjx_d(h, f[in.rs1], f[in.rs2]);
        break;
      case FMIN_D:
        f[in.rd] = Fpu.fmin_d(h, f[in.rs1], f[in.rs2]);
        break;
      case FMAX_D:
        f[in.rd] = Fpu.fmax_d(h, f[in.rs1], f[in.rs2]);
        break;
      case FCVT_S_D:
        f[in.rd] = Fpu.fcvt_s_d(h, f[in.rs1], in.rm);
        break;
      case FCVT_D_S:
        f[in.rd] = Fpu.fcvt_d_s(h, f[in.rs1], in.rm);
        break;
      case FEQ_D:
        x[in.xd] = Fpu.feq_d(h, f[in.rs1], f[in.rs2]);
        break;
      case FLT_D:
        x[in.xd] = Fpu.flt_d(h, f[in.rs1], f[in.rs2]);
        break;
      case FLE_D:
        x[in.xd] = Fpu.fle_d(h, f[in.rs1], f[in.rs2]);
        break;
      case FCLASS_D:
        x[in.xd] = Fpu.fclass_d(h, f[in.rs1], in.rm);
        break;
      case FCVT_W_D:
        x[in.xd] = Fpu.fcvt_w_d(h, f[in.rs1], in.rm);
        break;
      case FCVT_WU_D:
        x[in.xd] = Fpu.fcvt_wu_d(h, f[in.rs1], in.rm);
        break;
      case FCVT_D_W:
        f[in.rd] = Fpu.fcvt_d_w(h, x[in.rs1], in.rm);
        break;
      case FCVT_D_WU:
        f[in.rd] = Fpu.fcvt_d_wu(h, x[in.rs1], in.rm);
        break;
      case FCVT_L_D:
        x[in.xd] = Fpu.fcvt_l_d(h, f[in.rs1], in.rm);
        break;
      case FCVT_LU_D:
        x[in.xd] = Fpu.fcvt_lu_d(h, f[in.rs1], in.rm);
        break;
      case FMV_X_D:
        x[in.xd] = Fpu.fmv_x_d(h, f[in.rs1], in.rm);
        break;
      case FCVT_D_L:
        f[in.rd] = Fpu.fcvt_d_l(h, x[in.rs1], in.rm);
        break;
      case FCVT_D_LU:
        f[in.rd] = Fpu.fcvt_d_lu(h, x[in.rs1], in.rm);
        break;
      case FMV_D_X:
        f[in.rd] = Fpu.fmv_d_x(h, x[in.rs1], in.rm);
        break;
      default:
        throw new IllegalStateException("no interpreter case for " + in.op);
    }
  }
}
