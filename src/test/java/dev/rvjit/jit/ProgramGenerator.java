package dev.rvjit.jit;

import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Kind;
import dev.rvjit.isa.Opcode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes random, valid, always-terminating RV64GC programs from a seed, for comparing the tiers.
 *
 * <p>A program is a row of blocks; each holds random instructions (integer, M, A, F, D, CSR,
 * compressed forms; loads and stores go to a scratch region) and ends in a fall-through, a
 * forward branch or jump, an indirect jump, or a backward branch. Backward branches first
 * decrement x30, a budget shared by the whole program, so every program ends. The last block
 * exits through {@code ecall} (a7 = 93). Some programs fault on purpose (a load from an unmapped
 * address, an invalid dynamic rounding mode) so trap state is compared too.
 *
 * <p>Reserved registers: x8 and x31 point into the scratch region (x8 at its start for compressed
 * loads and stores, x31 at start + 2048), x5 to x7 hold indexed addresses in it (see
 * {@link #indexed}), x30 is the loop budget, x29 holds indirect-jump targets, x28 atomic
 * addresses. The rest are fair game.
 */
final class ProgramGenerator {
  static final long CODE = 0x10000;
  static final long DATA = 0x200000;
  static final int DATA_SIZE = 64 * 1024;

  private static final int[] FREE_REGS;

  static {
    List<Integer> r = new ArrayList<>();
    for (int i = 1; i <= 27; i++) {
      if (i != 8 && (i < 5 || i > 7)) {
        r.add(i);
      }
    }
    FREE_REGS = r.stream().mapToInt(Integer::intValue).toArray();
  }

  private static final Opcode[] ALU_RR = {Opcode.ADD, Opcode.SUB, Opcode.SLL, Opcode.SLT,
    Opcode.SLTU, Opcode.XOR, Opcode.SRL, Opcode.SRA, Opcode.OR, Opcode.AND, Opcode.ADDW,
    Opcode.SUBW, Opcode.SLLW, Opcode.SRLW, Opcode.SRAW, Opcode.MUL, Opcode.MULH, Opcode.MULHSU,
    Opcode.MULHU, Opcode.DIV, Opcode.DIVU, Opcode.REM, Opcode.REMU, Opcode.MULW, Opcode.DIVW,
    Opcode.DIVUW, Opcode.REMW, Opcode.REMUW};
  private static final Opcode[] ALU_RI = {Opcode.ADDI, Opcode.SLTI, Opcode.SLTIU, Opcode.XORI,
    Opcode.ORI, Opcode.ANDI, Opcode.ADDIW};
  private static final Opcode[] SHIFT6 = {Opcode.SLLI, Opcode.SRLI, Opcode.SRAI};
  private static final Opcode[] SHIFT5 = {Opcode.SLLIW, Opcode.SRLIW, Opcode.SRAIW};
  private static final Opcode[] LOADS = {Opcode.LB, Opcode.LH, Opcode.LW, Opcode.LD, Opcode.LBU,
    Opcode.LHU, Opcode.LWU};
  private static final Opcode[] STORES = {Opcode.SB, Opcode.SH, Opcode.SW, Opcode.SD};
  private static final Opcode[] BRANCHES = {Opcode.BEQ, Opcode.BNE, Opcode.BLT, Opcode.BGE,
    Opcode.BLTU, Opcode.BGEU};
  private static final Opcode[] FP;
  private static final Opcode[] AMOS;

  static {
    List<Opcode> fp = new ArrayList<>();
    List<Opcode> amo = new ArrayList<>();
    for (Opcode op : Opcode.values()) {
      switch (op.kind) {
        case FP_RR:
        case FP_R:
        case FP_R4:
        case FP_RR_NORM:
        case FP_CMP:
        case FP_TO_X:
        case X_TO_FP:
          fp.add(op);
          break;
        case AMO:
          amo.add(op);
          break;
        default:
          break;
      }
    }
    FP = fp.toArray(new Opcode[0]);
    AMOS = amo.toArray(new Opcode[0]);
  }

  /** One instruction, or a reference to be resolved once addresses are known. */
  private static final class Item {
    int word;
    int len;
    /**
     * Kind of fix-up: 0 none, 1 branch to block, 2 jal to block, 3 auipc/addi/jalr to block, 4 the
     * same with a data-dependent offset (0 or 4).
     */
    int fix;
    Opcode op;
    int rd;
    int rs1;
    int rs2;
    int target;
    long pc;

    static Item of(int word, int len) {
      Item i = new Item();
      i.word = word;
      i.len = len;
      return i;
    }
  }

  private final Random rnd;
  private final List<List<Item>> blocks = new ArrayList<>();
  /** Generated program bytes, once built. */
  byte[] code;

  ProgramGenerator(long seed) {
    // Mixed first: java.util.Random's first draws from neighbouring seeds are alike, so
    // consecutive seeds would start their programs alike.
    this.rnd = new Random(new java.util.SplittableRandom(seed).nextLong());
  }

  private int reg() {
    return FREE_REGS[rnd.nextInt(FREE_REGS.length)];
  }

  /** Any register as a source, including x0 and the reserved ones (read-only use). */
  private int src() {
    return rnd.nextInt(8) == 0 ? 0 : rnd.nextInt(32);
  }

  private int rm() {
    int[] rms = {0, 0, 0, 1, 2, 3, 4, 7, 7};
    return rms[rnd.nextInt(rms.length)];
  }

  byte[] generate() {
    int nblocks = 3 + rnd.nextInt(24);
    for (int b = 0; b < nblocks; b++) {
      blocks.add(new ArrayList<>());
    }
    for (int b = 0; b < nblocks; b++) {
      List<Item> items = blocks.get(b);
      int n = rnd.nextInt(12);
      for (int k = 0; k < n; k++) {
        randomInsn(items);
      }
      if (b == nblocks - 1) {
        items.add(Item.of(Asm.i(Opcode.ADDI, 17, 0, 93), 4));
        items.add(Item.of(Asm.encode(Opcode.ECALL, 0, 0, 0, 0, 0, 0), 4));
      } else {
        terminator(items, b, nblocks);
      }
    }
    return layout();
  }

  private void randomInsn(List<Item> out) {
    int c = rnd.nextInt(100);
    if (c < 22) {
      Opcode op = ALU_RR[rnd.nextInt(ALU_RR.length)];
      out.add(Item.of(Asm.r(op, reg(), src(), src()), 4));
    } else if (c < 34) {
      Opcode op = ALU_RI[rnd.nextInt(ALU_RI.length)];
      out.add(Item.of(Asm.i(op, reg(), src(), rnd.nextInt(4096) - 2048), 4));
    } else if (c < 40) {
      boolean w = rnd.nextBoolean();
      Opcode op = w ? SHIFT5[rnd.nextInt(3)] : SHIFT6[rnd.nextInt(3)];
      out.add(Item.of(Asm.i(op, reg(), src(), rnd.nextInt(w ? 32 : 64)), 4));
    } else if (c < 43) {
      out.add(Item.of(Asm.encode(rnd.nextBoolean() ? Opcode.LUI : Opcode.AUIPC, reg(), 0, 0, 0, 0,
          (long) (rnd.nextInt() & 0xfffff000)), 4));
    } else if (c < 53) {
      Opcode op = LOADS[rnd.nextInt(LOADS.length)];
      out.add(Item.of(Asm.i(op, reg(), indexed(out), rnd.nextInt(4096) - 2048), 4));
    } else if (c < 61) {
      Opcode op = STORES[rnd.nextInt(STORES.length)];
      out.add(Item.of(Asm.store(op, src(), indexed(out), rnd.nextInt(4096) - 2048), 4));
    } else if (c < 65) {
      boolean d = rnd.nextBoolean();
      int f = rnd.nextInt(32);
      long off = rnd.nextInt(4096) - 2048;
      if (rnd.nextBoolean()) {
        out.add(Item.of(Asm.i(d ? Opcode.FLD : Opcode.FLW, f, 31, off), 4));
      } else {
        out.add(Item.of(Asm.store(d ? Opcode.FSD : Opcode.FSW, f, 31, off), 4));
      }
    } else if (c < 80) {
      Opcode op = FP[rnd.nextInt(FP.length)];
      long[] v = Asm.randomFields(op, rnd);
      int rd = op.writesFpr() ? rnd.nextInt(32) : reg();
      int rs1 = op.readsFprRs1() ? rnd.nextInt(32) : src();
      int rm = op.hasRoundingMode() ? rm() : (int) v[4];
      out.add(Item.of(Asm.encode(op, rd, rs1, (int) v[2], (int) v[3], rm, 0), 4));
    } else if (c < 85) {
      atomic(out);
    } else if (c < 88) {
      csr(out);
    } else if (c < 97) {
      compressed(out);
    } else if (c < 98) {
      out.add(Item.of(Asm.encode(Opcode.FENCE, 0, 0, 0, 0, 0, 0x0ff), 4));
    } else if (c < 99 && rnd.nextInt(4) == 0) {
      // A deliberate fault: x0-relative load below the lowest mappable address.
      out.add(Item.of(Asm.i(Opcode.LD, reg(), 0, 64 + rnd.nextInt(1024)), 4));
    } else {
      out.add(Item.of(Asm.r(Opcode.ADD, reg(), src(), src()), 4));
    }
  }

  /**
   * The base register of a load or store: x31, or one time in four t0, t1 or t2 set to x31 plus
   * an index masked to at most 2040 (the shape of a bounded table or stack index, which the JIT's
   * index windows range-test once where a loop is entered), or (one time in three of those) one
   * of them as it is, an address in the scratch region (nothing else writes them): in a loop
   * often one a later block set on the pass before, which the windows must assume where the loop
   * is entered.
   */
  private int indexed(List<Item> out) {
    if (rnd.nextInt(4) != 0) {
      return 31;
    }
    int t = 5 + rnd.nextInt(3);
    if (rnd.nextInt(3) == 0) {
      return t;
    }
    out.add(Item.of(Asm.i(Opcode.ANDI, t, src(), rnd.nextInt(2048) & 0x7f8), 4));
    out.add(Item.of(Asm.r(Opcode.ADD, t, t, 31), 4));
    return t;
  }

  private void atomic(List<Item> out) {
    boolean d = rnd.nextBoolean();
    int size = d ? 8 : 4;
    int off = (rnd.nextInt(4096) - 2048) & ~(size - 1);
    out.add(Item.of(Asm.i(Opcode.ADDI, 28, 31, off), 4));
    int aqrl = rnd.nextInt(4);
    int kind = rnd.nextInt(3);
    if (kind == 0) {
      Opcode op = AMOS[rnd.nextInt(AMOS.length)];
      out.add(Item.of(Asm.encode(op, reg(), 28, src(), 0, aqrl, 0), 4));
    } else {
      Opcode lr = d ? Opcode.LR_D : Opcode.LR_W;
      Opcode sc = d ? Opcode.SC_D : Opcode.SC_W;
      if (kind == 1 || rnd.nextBoolean()) {
        out.add(Item.of(Asm.encode(lr, reg(), 28, 0, 0, aqrl, 0), 4));
      }
      if (rnd.nextInt(4) == 0) {
        out.add(Item.of(Asm.r(Opcode.ADD, reg(), src(), src()), 4));
      }
      out.add(Item.of(Asm.encode(sc, reg(), 28, src(), 0, aqrl, 0), 4));
    }
  }

  private void csr(List<Item> out) {
    int[] readable = {0x001, 0x002, 0x003, 0xc00, 0xc02};
    int c = rnd.nextInt(8);
    if (c == 0) {
      // Write frm: usually a valid mode, sometimes an invalid one (dynamic-rm ops then trap).
      int mode = rnd.nextInt(10) == 0 ? 5 + rnd.nextInt(3) : rnd.nextInt(5);
      out.add(Item.of(Asm.encode(Opcode.CSRRWI, reg(), mode, 0, 0, 0, 0x002), 4));
    } else if (c == 1) {
      out.add(Item.of(Asm.encode(Opcode.CSRRW, reg(), src(), 0, 0, 0, 0x001), 4));
    } else if (c == 2) {
      // Set or clear fflags bits from a register (fsflags/feclearexcept shapes).
      Opcode op = rnd.nextBoolean() ? Opcode.CSRRS : Opcode.CSRRC;
      out.add(Item.of(Asm.encode(op, reg(), src(), 0, 0, 0, 0x001), 4));
    } else if (c == 3) {
      Opcode op = rnd.nextBoolean() ? Opcode.CSRRSI : Opcode.CSRRCI;
      out.add(Item.of(Asm.encode(op, reg(), rnd.nextInt(32), 0, 0, 0, 0x001), 4));
    } else if (c == 4) {
      // Clearing bits of a valid rounding mode (0..4) leaves a valid one.
      out.add(Item.of(Asm.encode(Opcode.CSRRCI, reg(), rnd.nextInt(8), 0, 0, 0, 0x002), 4));
    } else {
      int csr = readable[rnd.nextInt(readable.length)];
      Opcode op = rnd.nextBoolean() ? Opcode.CSRRS : Opcode.CSRRC;
      out.add(Item.of(Asm.encode(op, reg(), 0, 0, 0, 0, csr), 4));
    }
  }

  private int creg() {
    int r;
    do {
      r = 9 + rnd.nextInt(7); // x9..x15 (x8 is reserved)
    } while (r == 8);
    return r;
  }

  private void compressed(List<Item> out) {
    int c = rnd.nextInt(14);
    int w;
    switch (c) {
      case 0:
        w = Asm.c_addi(reg(), nonZero(rnd.nextInt(64) - 32));
        break;
      case 1:
        w = Asm.c_li(reg(), rnd.nextInt(64) - 32);
        break;
      case 2:
        w = Asm.c_mv(reg(), nonZeroReg());
        break;
      case 3:
        w = Asm.c_add(reg(), nonZeroReg());
        break;
      case 4:
        w = Asm.c_sub(creg(), 8 + rnd.nextInt(8));
        break;
      case 5:
        w = Asm.c_xor(creg(), 8 + rnd.nextInt(8));
        break;
      case 6:
        w = Asm.c_addw(creg(), 8 + rnd.nextInt(8));
        break;
      case 7:
        w = Asm.c_slli(reg(), 1 + rnd.nextInt(63));
        break;
      case 8:
        w = Asm.c_srai(creg(), 1 + rnd.nextInt(63));
        break;
      case 9:
        w = Asm.c_andi(creg(), rnd.nextInt(64) - 32);
        break;
      case 10:
        w = Asm.c_addiw(reg(), rnd.nextInt(64) - 32);
        break;
      case 11:
        w = Asm.c_ld(creg(), 8, rnd.nextInt(32) * 8);
        break;
      case 12:
        w = Asm.c_sw(8 + rnd.nextInt(8), 8, rnd.nextInt(32) * 4);
        break;
      default:
        w = Asm.c_lw(creg(), 8, rnd.nextInt(32) * 4);
        break;
    }
    out.add(Item.of(w, 2));
  }

  private int nonZeroReg() {
    return 1 + rnd.nextInt(31);
  }

  private static long nonZero(long v) {
    return v == 0 ? 1 : v;
  }

  private void terminator(List<Item> out, int b, int nblocks) {
    int c = rnd.nextInt(10);
    if (c < 2) {
      return; // fall through
    }
    Item t = new Item();
    t.len = 4;
    if (c < 5) {
      t.fix = 1;
      t.op = BRANCHES[rnd.nextInt(BRANCHES.length)];
      t.rs1 = src();
      t.rs2 = src();
      t.target = b + 1 + rnd.nextInt(nblocks - b - 1);
      if (rnd.nextInt(3) == 0) {
        // An FP compare whose result the branch tests (beqz/bnez): the JIT fuses the two.
        Opcode[] cmps = {Opcode.FEQ_D, Opcode.FLT_D, Opcode.FLE_D, Opcode.FEQ_S, Opcode.FLT_S,
            Opcode.FLE_S};
        int rd = reg();
        Opcode cmp = cmps[rnd.nextInt(cmps.length)];
        long[] v = Asm.randomFields(cmp, rnd);
        out.add(Item.of(Asm.encode(cmp, rd, rnd.nextInt(32), rnd.nextInt(32), 0, (int) v[4], 0),
            4));
        t.op = rnd.nextBoolean() ? Opcode.BEQ : Opcode.BNE;
        t.rs1 = rnd.nextBoolean() ? rd : 0;
        t.rs2 = t.rs1 == 0 ? rd : 0;
      }
      out.add(t);
    } else if (c < 8 && b > 0) {
      // Backward: spend one unit of the shared loop budget, loop while it lasts.
      out.add(Item.of(Asm.i(Opcode.ADDI, 30, 30, -1), 4));
      t.fix = 1;
      t.op = Opcode.BLT;
      t.rs1 = 0;
      t.rs2 = 30;
      t.target = rnd.nextInt(b + 1);
      out.add(t);
    } else if (c < 9) {
      t.fix = 2;
      t.rd = rnd.nextBoolean() ? 0 : 1;
      t.target = b + 1 + rnd.nextInt(nblocks - b - 1);
      out.add(t);
    } else if (rnd.nextBoolean()) {
      // Indirect jump through x29 to a later block.
      t.fix = 3;
      t.rd = rnd.nextBoolean() ? 0 : 1;
      t.target = b + 1 + rnd.nextInt(nblocks - b - 1);
      t.len = 12;
      out.add(t);
    } else {
      // Indirect jump with a data-dependent target (like a jump table): a later block's start,
      // or its second instruction, chosen by bit 2 of a register.
      t.fix = 4;
      t.rd = rnd.nextBoolean() ? 0 : 1;
      t.rs1 = src();
      t.target = b + 1 + rnd.nextInt(nblocks - b - 1);
      t.len = 20;
      needsWideFirst.add(t.target);
      out.add(t);
    }
  }

  /** Blocks that must start with a 4-byte instruction (targets of data-dependent jumps). */
  private final java.util.Set<Integer> needsWideFirst = new java.util.HashSet<>();

  private byte[] layout() {
    for (int j : needsWideFirst) {
      blocks.get(j).add(0, Item.of(Asm.i(Opcode.ADDI, reg(), src(), rnd.nextInt(64)), 4));
    }
    long pc = CODE;
    long[] blockPc = new long[blocks.size()];
    for (int b = 0; b < blocks.size(); b++) {
      blockPc[b] = pc;
      for (Item it : blocks.get(b)) {
        it.pc = pc;
        pc += it.len;
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (List<Item> items : blocks) {
      for (Item it : items) {
        switch (it.fix) {
          case 1:
            emit(bytes, Asm.branch(it.op, it.rs1, it.rs2, blockPc[it.target] - it.pc), 4);
            break;
          case 2:
            emit(bytes, Asm.jal(it.rd, blockPc[it.target] - it.pc), 4);
            break;
          case 3: {
            long off = blockPc[it.target] - it.pc;
            emit(bytes, Asm.auipc(29, 0), 4);
            emit(bytes, Asm.i(Opcode.ADDI, 29, 29, off), 4);
            emit(bytes, Asm.jalr(it.rd, 29, 0), 4);
            break;
          }
          case 4: {
            long off = blockPc[it.target] - it.pc;
            emit(bytes, Asm.auipc(29, 0), 4);
            emit(bytes, Asm.i(Opcode.ADDI, 29, 29, off), 4);
            emit(bytes, Asm.i(Opcode.ANDI, 28, it.rs1, 4), 4);
            emit(bytes, Asm.r(Opcode.ADD, 29, 29, 28), 4);
            emit(bytes, Asm.jalr(it.rd, 29, 0), 4);
            break;
          }
          default:
            emit(bytes, it.word, it.len);
            break;
        }
      }
    }
    code = bytes.toByteArray();
    return code;
  }

  private static void emit(ByteArrayOutputStream out, int word, int len) {
    for (int i = 0; i < len; i++) {
      out.write(word >>> (8 * i));
    }
  }

  /** The opcode kinds this generator covers, for a coverage assertion in the test. */
  static boolean covers(Kind k) {
    return k != Kind.ILLEGAL && k != Kind.EBREAK && k != Kind.FENCE_I;
  }
}
