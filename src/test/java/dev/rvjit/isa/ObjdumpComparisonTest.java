package dev.rvjit.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link Disassembler} with GNU objdump, line by line: all compressed halfwords, and
 * several thousand 32-bit words from {@link Asm} covering every opcode with random and edge
 * fields, plus edge words (CSR numbers, fences, privileged and other illegal words).
 */
class ObjdumpComparisonTest {

  /** objdump's symbol text for a target in our ELF: one symbol, {@code _start} at 0. */
  static final LongFunction<String> SYM =
      t -> t == 0 ? "_start" : "_start+0x" + Long.toHexString(t);

  /**
   * Encodings where rvjit deliberately differs from objdump 2.40, with the reason. Keyed by the
   * raw halfword or word.
   */
  static final Map<Integer, String> KNOWN = new LinkedHashMap<>();

  static {
    KNOWN.put(0x6101, "c.addi16sp with imm 0 is reserved (RVC spec); objdump prints add sp,sp,0,"
        + " rvjit decodes ILLEGAL and prints .2byte 0x6101");
  }

  @BeforeAll
  static void tool() {
    boolean have = Objdump.available();
    if (!have && "1".equals(System.getenv("RVJIT_REQUIRE_TOOLS"))) {
      fail(Objdump.TOOL + " not found but RVJIT_REQUIRE_TOOLS=1");
    }
    Assumptions.assumeTrue(have, Objdump.TOOL + " not installed");
  }

  @Test
  void allCompressedHalfwords() throws Exception {
    List<Integer> words = new ArrayList<>();
    for (int h = 0; h < 0x10000; h++) {
      if ((h & 3) != 3) {
        words.add(h);
      }
    }
    assertEquals(49152, compare(words));
  }

  @Test
  void wordsFromEncoder() throws Exception {
    List<Integer> words = new ArrayList<>();
    List<Integer> last = new ArrayList<>();
    Random rnd = new Random(7);
    Set<Opcode> seen = EnumSet.noneOf(Opcode.class);
    for (Opcode op : Opcode.values()) {
      if (op == Opcode.ILLEGAL) {
        continue;
      }
      List<Integer> into = op == Opcode.LUI || op == Opcode.AUIPC ? last : words;
      for (int n = 0; n < 30; n++) {
        into.add(Asm.random(op, rnd));
      }
      for (long[] v : edges(op, rnd)) {
        into.add(Asm.encode(op, (int) v[0], (int) v[1], (int) v[2], (int) v[3], (int) v[4], v[5]));
      }
      seen.add(op);
    }
    for (int csr = 0; csr < 4096; csr++) {
      words.add(Asm.csrrs(10, csr, 0));
    }
    for (int csr = 0; csr < 8; csr++) {
      for (int rd : new int[] {0, 11}) {
        words.add(Asm.csrrw(rd, csr, 12));
        words.add(Asm.csrrs(rd, csr, 12));
        words.add(Asm.csrrc(rd, csr, 12));
        words.add(Asm.csrrwi(rd, csr, 13));
        words.add(Asm.csrrsi(rd, csr, 13));
        words.add(Asm.csrrci(rd, csr, 13));
      }
    }
    for (int csr : new int[] {0xc00, 0xc01, 0xc02, 0xc80, 0xc81, 0xc82, 0x300}) {
      for (int rd : new int[] {0, 11}) {
        words.add(Asm.csrrw(rd, csr, 12));
        words.add(Asm.csrrs(rd, csr, 0));
        words.add(Asm.csrrs(rd, csr, 12));
        words.add(Asm.csrrwi(rd, csr, 13));
        words.add(Asm.csrrw(rd, csr, 0));
      }
    }
    words.add(0xc0001073);
    for (int bits = 0; bits < 256; bits++) {
      words.add(Asm.fence(bits >> 4, bits));
    }
    words.add(Asm.fence_tso());
    words.add(0x0100000f); // pause
    words.add(0x8ff0000f);
    words.add(Asm.fence_i());
    int[] illegal = {0x30200073, 0x10200073, 0x7b200073, 0x10500073, 0x12000073, 0x12050073,
        0x12b50073, 0x12b00073, 0x00200073, 0x00000173, 0x00004073, 0x00007003, 0x00004023,
        0x00002063, 0x00001067, 0x0000200f, 0x00001007, 0x00004007, 0x00001027, 0x4000103b,
        0x0200103b, 0x00000057, 0xffffff7b, 0x02000033 | 1 << 30, 0x00008053 | 5 << 12};
    for (int w : illegal) {
      words.add(w);
    }
    for (int rm = 0; rm < 8; rm++) {
      for (Opcode op : new Opcode[] {Opcode.FCVT_D_S, Opcode.FCVT_D_W, Opcode.FCVT_D_WU,
          Opcode.FCVT_S_D, Opcode.FADD_D, Opcode.FMADD_S, Opcode.FCVT_W_D}) {
        int base = Asm.encode(op, 1, 2, Asm.format(op) == Asm.Format.FRR_RM
            || Asm.format(op) == Asm.Format.R4 ? 3 : 0, Asm.format(op) == Asm.Format.R4 ? 4 : 0,
            0, 0);
        words.add(base | rm << 12);
      }
    }
    words.addAll(last); // lui/auipc last: objdump pairs them with later uses of their rd
    assertEquals(Opcode.values().length - 1, seen.size());
    int n = compare(words);
    assertTrue(n > 8000, "compared " + n);
  }

  @Test
  void randomWords() throws Exception {
    Random rnd = new Random(11);
    List<Integer> words = new ArrayList<>();
    int legal = 0;
    while (words.size() < 20000) {
      int w = rnd.nextInt() | 3;
      // rvjit decodes 32-bit words only; longer-instruction prefixes (bits 4:2 = 111) are left
      // out, and so are lui/auipc, which objdump pairs with later instructions (stateful).
      int major = w & 0x7f;
      if ((w & 0x1c) == 0x1c || major == 0x37 || major == 0x17) {
        continue;
      }
      // bias towards the opcodes rvjit knows, so that many random words are legal
      if (rnd.nextBoolean()) {
        int[] majors = {0x03, 0x07, 0x0f, 0x13, 0x1b, 0x23, 0x27, 0x2f, 0x33, 0x3b, 0x43, 0x47,
            0x4b, 0x4f, 0x53, 0x63, 0x67, 0x6f, 0x73};
        w = (w & ~0x7f) | majors[rnd.nextInt(majors.length)];
      }
      if (Decoder.decode(0, w).op != Opcode.ILLEGAL) {
        legal++;
      }
      words.add(w);
    }
    assertTrue(legal > 4000, "legal random words: " + legal);
    assertEquals(20000, compare(words));
  }

  /** Edge field combinations for {@code op}: extreme immediates, x0, equal registers. */
  static List<long[]> edges(Opcode op, Random rnd) {
    List<long[]> out = new ArrayList<>();
    Asm.Format f = Asm.format(op);
    long[] imms;
    switch (f) {
      case I: case S: imms = new long[] {0, 1, -1, 2047, -2048, 16}; break;
      case SH6: imms = new long[] {0, 1, 31, 32, 63}; break;
      case SH5: imms = new long[] {0, 1, 31}; break;
      case B: imms = new long[] {0, 2, -2, 4094, -4096}; break;
      case J: imms = new long[] {0, 2, -2, (1 << 20) - 2, -(1 << 20)}; break;
      case U: imms = new long[] {0, 0x1000, -4096, 0x7ffff000, Integer.MIN_VALUE}; break;
      case CSR: case FENCE: imms = new long[] {0, 1, 0xfff, 0xc00}; break;
      default: imms = new long[] {0}; break;
    }
    int[][] regs = {{0, 0, 0, 0}, {31, 31, 31, 31}, {1, 1, 1, 1}, {10, 0, 11, 12},
        {10, 11, 0, 12}, {0, 11, 12, 13}, {1, 2, 3, 4}, {4, 4, 4, 4}, {10, 11, 11, 11}};
    for (long imm : imms) {
      for (int[] r : regs) {
        long[] v = Asm.randomFields(op, rnd);
        for (int k = 0; k < 4; k++) {
          if (v[k] != 0 || r[k] == 0 || hasField(f, k)) {
            v[k] = hasField(f, k) ? r[k] : 0;
          }
        }
        if (f != Asm.Format.NONE && f != Asm.Format.R && f != Asm.Format.AMO && f != Asm.Format.LR
            && f != Asm.Format.R4 && f != Asm.Format.FRR_RM && f != Asm.Format.FR_RM
            && f != Asm.Format.FRR && f != Asm.Format.FR) {
          v[5] = imm;
        }
        out.add(v);
      }
    }
    for (int rm : new int[] {0, 1, 2, 3, 4, 7}) {
      long[] v = Asm.randomFields(op, rnd);
      if (f == Asm.Format.R4 || f == Asm.Format.FRR_RM || f == Asm.Format.FR_RM) {
        v[4] = rm;
        out.add(v);
      } else if ((f == Asm.Format.AMO || f == Asm.Format.LR) && rm < 4) {
        v[4] = rm;
        out.add(v);
      }
    }
    return out;
  }

  private static boolean hasField(Asm.Format f, int k) {
    switch (k) {
      case 0: return f != Asm.Format.S && f != Asm.Format.B && f != Asm.Format.NONE;
      case 1: return f != Asm.Format.U && f != Asm.Format.J && f != Asm.Format.NONE;
      case 2: return f == Asm.Format.R || f == Asm.Format.S || f == Asm.Format.B
          || f == Asm.Format.AMO || f == Asm.Format.R4 || f == Asm.Format.FRR_RM
          || f == Asm.Format.FRR;
      default: return f == Asm.Format.R4;
    }
  }

  /** Disassembles {@code words} with objdump and with rvjit; fails on any difference. */
  static int compare(List<Integer> words) throws Exception {
    ByteArrayOutputStream code = new ByteArrayOutputStream();
    Map<Long, Insn> byAddr = new LinkedHashMap<>();
    for (int w : words) {
      long pc = code.size();
      Insn in = Decoder.decode(pc, w);
      byAddr.put(pc, in);
      for (int k = 0; k < in.len; k++) {
        code.write(w >>> (8 * k));
      }
    }
    List<Objdump.Line> lines = Objdump.disassemble(code.toByteArray());
    List<String> diffs = new ArrayList<>();
    int known = 0;
    for (Objdump.Line l : lines) {
      Insn in = byAddr.remove(l.addr);
      if (in == null) {
        diffs.add(String.format("%x: objdump line with no rvjit instruction: %s", l.addr, l.text));
        continue;
      }
      String mine = Disassembler.hexBytes(in) + "  " + Disassembler.format(in, SYM);
      String theirs = l.hex + "  " + l.text.trim();
      if (!mine.equals(theirs)) {
        if (KNOWN.containsKey(in.raw)) {
          known++;
        } else {
          diffs.add(String.format("%x: objdump [%s] rvjit [%s] (%s)", l.addr, theirs, mine, in.op));
        }
      }
    }
    for (Insn in : byAddr.values()) {
      diffs.add(String.format("%x: no objdump line for %s", in.pc, Disassembler.hexBytes(in)));
    }
    if (!diffs.isEmpty()) {
      fail(diffs.size() + " differences (" + known + " known), first ones:\n"
          + String.join("\n", diffs.subList(0, Math.min(60, diffs.size()))));
    }
    return lines.size();
  }
}
