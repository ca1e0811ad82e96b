package dev.rvjit.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecoderTest {

  private static Insn d(int w) {
    return Decoder.decode(0x1000, w);
  }

  private static void assertIllegal(int w) {
    Insn in = d(w);
    assertEquals(Opcode.ILLEGAL, in.op, () -> String.format("%08x decoded to %s", w, in.op));
    assertEquals(w & ((w & 3) == 3 ? -1 : 0xffff), in.raw);
    assertEquals((w & 3) == 3 ? 4 : 2, in.len);
  }

  @Test
  void roundTripEveryOpcode() {
    Random rnd = new Random(42);
    for (Opcode op : Opcode.values()) {
      if (op == Opcode.ILLEGAL) {
        continue;
      }
      for (int n = 0; n < 2000; n++) {
        long[] v = Asm.randomFields(op, rnd);
        int w = Asm.encode(op, (int) v[0], (int) v[1], (int) v[2], (int) v[3], (int) v[4], v[5]);
        Insn in = d(w);
        String msg = String.format("%s %08x", op, w);
        assertEquals(op, in.op, msg);
        assertEquals(4, in.len, msg);
        assertEquals(w, in.raw, msg);
        assertEquals(0x1000, in.pc, msg);
        assertEquals(v[0], in.rd, msg);
        assertEquals(v[1], in.rs1, msg);
        assertEquals(v[2], in.rs2, msg);
        assertEquals(v[3], in.rs3, msg);
        assertEquals(v[4], in.rm, msg);
        assertEquals(v[5], in.imm, msg);
        assertEquals(v[0] == 0 ? 32 : v[0], in.xd, msg);
      }
    }
  }

  /** Opcodes a compressed halfword may expand to on RV64GC. */
  private static final Set<Opcode> COMPRESSED_OPS = EnumSet.of(Opcode.ADDI, Opcode.ADDIW,
      Opcode.LUI, Opcode.SLLI, Opcode.SRLI, Opcode.SRAI, Opcode.ANDI, Opcode.SUB, Opcode.XOR,
      Opcode.OR, Opcode.AND, Opcode.SUBW, Opcode.ADDW, Opcode.ADD, Opcode.JAL, Opcode.JALR,
      Opcode.BEQ, Opcode.BNE, Opcode.LW, Opcode.LD, Opcode.SW, Opcode.SD, Opcode.FLD, Opcode.FSD,
      Opcode.EBREAK, Opcode.ILLEGAL);

  @Test
  void allHalfwords() {
    int legal = 0;
    for (int h = 0; h < 0x10000; h++) {
      if ((h & 3) == 3) {
        assertEquals(4, Decoder.decode(0, h).len); // a 32-bit word with zero upper half
        continue;
      }
      Insn in = Decoder.decode(0, h | 0xabcd0000);
      assertEquals(2, in.len);
      assertEquals(h, in.raw);
      assertTrue(COMPRESSED_OPS.contains(in.op), in.op.toString());
      if (in.op != Opcode.ILLEGAL) {
        legal++;
        // the expansion re-encodes to a 32-bit word with the same meaning
        Insn full = d(reencode(in));
        assertEquals(in.op, full.op);
        assertEquals(in.rd, full.rd);
        assertEquals(in.rs1, full.rs1);
        assertEquals(in.rs2, full.rs2);
        assertEquals(in.imm, full.imm);
      }
    }
    assertTrue(legal > 40000, "legal compressed words: " + legal);
  }

  private static int reencode(Insn in) {
    return Asm.encode(in.op, Asm.format(in.op) == Asm.Format.S
        || Asm.format(in.op) == Asm.Format.B ? 0 : in.rd, in.rs1,
        in.rs2, 0, 0, in.imm);
  }

  @Test
  void compressedBuildersDecode() {
    assertC(Asm.c_addi(10, -5), Opcode.ADDI, 10, 10, 0, -5);
    assertC(Asm.c_li(11, 31), Opcode.ADDI, 11, 0, 0, 31);
    assertC(Asm.c_lui(12, -4096), Opcode.LUI, 12, 0, 0, -4096);
    assertC(Asm.c_lui(12, 0x1f000), Opcode.LUI, 12, 0, 0, 0x1f000);
    assertC(Asm.c_addi16sp(-512), Opcode.ADDI, 2, 2, 0, -512);
    assertC(Asm.c_addi16sp(496), Opcode.ADDI, 2, 2, 0, 496);
    assertC(Asm.c_addi4spn(8, 1020), Opcode.ADDI, 8, 2, 0, 1020);
    assertC(Asm.c_addiw(5, -32), Opcode.ADDIW, 5, 5, 0, -32);
    assertC(Asm.c_slli(5, 63), Opcode.SLLI, 5, 5, 0, 63);
    assertC(Asm.c_srli(9, 33), Opcode.SRLI, 9, 9, 0, 33);
    assertC(Asm.c_srai(15, 1), Opcode.SRAI, 15, 15, 0, 1);
    assertC(Asm.c_andi(8, -1), Opcode.ANDI, 8, 8, 0, -1);
    assertC(Asm.c_sub(8, 9), Opcode.SUB, 8, 8, 9, 0);
    assertC(Asm.c_xor(8, 9), Opcode.XOR, 8, 8, 9, 0);
    assertC(Asm.c_or(8, 9), Opcode.OR, 8, 8, 9, 0);
    assertC(Asm.c_and(8, 9), Opcode.AND, 8, 8, 9, 0);
    assertC(Asm.c_subw(10, 11), Opcode.SUBW, 10, 10, 11, 0);
    assertC(Asm.c_addw(10, 11), Opcode.ADDW, 10, 10, 11, 0);
    assertC(Asm.c_mv(10, 11), Opcode.ADD, 10, 0, 11, 0);
    assertC(Asm.c_add(10, 11), Opcode.ADD, 10, 10, 11, 0);
    assertC(Asm.c_jr(1), Opcode.JALR, 0, 1, 0, 0);
    assertC(Asm.c_jalr(5), Opcode.JALR, 1, 5, 0, 0);
    assertC(Asm.c_ebreak(), Opcode.EBREAK, 0, 0, 0, 0);
    assertC(Asm.c_j(-2048), Opcode.JAL, 0, 0, 0, -2048);
    assertC(Asm.c_j(2046), Opcode.JAL, 0, 0, 0, 2046);
    assertC(Asm.c_j(0x2aa), Opcode.JAL, 0, 0, 0, 0x2aa);
    assertC(Asm.c_beqz(8, -256), Opcode.BEQ, 0, 8, 0, -256);
    assertC(Asm.c_bnez(15, 254), Opcode.BNE, 0, 15, 0, 254);
    assertC(Asm.c_lw(8, 9, 124), Opcode.LW, 8, 9, 0, 124);
    assertC(Asm.c_ld(8, 9, 248), Opcode.LD, 8, 9, 0, 248);
    assertC(Asm.c_fld(8, 9, 136), Opcode.FLD, 8, 9, 0, 136);
    assertC(Asm.c_sw(10, 9, 64), Opcode.SW, 0, 9, 10, 64);
    assertC(Asm.c_sd(10, 9, 128), Opcode.SD, 0, 9, 10, 128);
    assertC(Asm.c_fsd(10, 9, 8), Opcode.FSD, 0, 9, 10, 8);
    assertC(Asm.c_lwsp(1, 252), Opcode.LW, 1, 2, 0, 252);
    assertC(Asm.c_ldsp(1, 504), Opcode.LD, 1, 2, 0, 504);
    assertC(Asm.c_fldsp(31, 8), Opcode.FLD, 31, 2, 0, 8);
    assertC(Asm.c_swsp(31, 252), Opcode.SW, 0, 2, 31, 252);
    assertC(Asm.c_sdsp(1, 504), Opcode.SD, 0, 2, 1, 504);
    assertC(Asm.c_fsdsp(3, 64), Opcode.FSD, 0, 2, 3, 64);
    assertC(Asm.c_nop(), Opcode.ADDI, 0, 0, 0, 0);
  }

  private static void assertC(int h, Opcode op, int rd, int rs1, int rs2, long imm) {
    Insn in = Decoder.decode(0, h);
    String msg = String.format("%04x", h);
    assertEquals(op, in.op, msg);
    assertEquals(2, in.len, msg);
    assertEquals(rd, in.rd, msg);
    assertEquals(rs1, in.rs1, msg);
    assertEquals(rs2, in.rs2, msg);
    assertEquals(imm, in.imm, msg);
  }

  @Test
  void compressedReservedAreIllegal() {
    assertIllegal(0x0000); // all zero
    assertIllegal(0x0004); // c.addi4spn nzuimm = 0, rd' = x9
    assertIllegal(0x6101); // c.addi16sp imm = 0
    assertIllegal(0x6081); // c.lui ra, 0
    assertIllegal(0x6001); // c.lui zero, 0
    assertIllegal(0x4002); // c.lwsp zero
    assertIllegal(0x6002); // c.ldsp zero
    assertIllegal(0x8002); // c.jr zero
    assertIllegal(0x2001); // c.addiw zero
    assertIllegal(0x2005); // c.addiw zero, 1
    assertIllegal(0x8000); // quadrant 0 funct3 100 (reserved)
    assertIllegal(0x9c41); // c.subw-space reserved (bit12, 10)
    assertIllegal(0x9c61); // reserved (bit12, 11)
    // HINTs are legal
    assertC(0x0005, Opcode.ADDI, 0, 0, 0, 1); // c.nop with imm
    assertC(0x0081, Opcode.ADDI, 1, 1, 0, 0); // c.addi ra, 0
    assertC(0x4015, Opcode.ADDI, 0, 0, 0, 5); // c.li zero, 5
    assertC(0x6005, Opcode.LUI, 0, 0, 0, 0x1000); // c.lui zero, 1
    assertC(0x8006, Opcode.ADD, 0, 0, 1, 0); // c.mv zero, ra
    assertC(0x9006, Opcode.ADD, 0, 0, 1, 0); // c.add zero, ra
    assertC(0x0006, Opcode.SLLI, 0, 0, 0, 1); // c.slli zero, 1
    assertC(0x0502, Opcode.SLLI, 10, 10, 0, 0); // c.slli a0, 0
    assertC(0x8001, Opcode.SRLI, 8, 8, 0, 0); // c.srli s0, 0
    assertC(0x8401, Opcode.SRAI, 8, 8, 0, 0); // c.srai s0, 0
  }

  @Test
  void illegal32() {
    assertIllegal(0xffffffff);
    assertIllegal(0x30200073); // mret
    assertIllegal(0x10200073); // sret
    assertIllegal(0x10500073); // wfi
    assertIllegal(0x12000073); // sfence.vma
    assertIllegal(0x00200073); // uret-space
    assertIllegal(0x00000173); // ecall with rd != 0
    assertIllegal(0x00004073); // SYSTEM funct3 100
    assertIllegal(Asm.slliw(1, 1, 0) | 1 << 25); // shamt[5] in a *IW form
    assertIllegal(Asm.srliw(1, 1, 0) | 1 << 25);
    assertIllegal(Asm.sraiw(1, 1, 0) | 1 << 25);
    assertIllegal(Asm.slli(1, 1, 0) | 1 << 26); // funct6 not zero
    assertIllegal(Asm.srai(1, 1, 0) | 1 << 29);
    assertIllegal(Asm.lr_w(1, 2, 0) | 3 << 20); // lr with rs2 != 0
    assertIllegal(Asm.lr_d(1, 2, 0) | 1 << 20);
    assertIllegal(0x0000402f); // AMO width 100
    assertIllegal(Asm.amoadd_w(1, 2, 3, 0) | 0x1f << 27); // unknown funct5
    assertIllegal(0x00007003); // load funct3 111
    assertIllegal(0x00004023); // store funct3 100
    assertIllegal(0x00002063); // branch funct3 010
    assertIllegal(0x00001067); // jalr funct3 001
    assertIllegal(0x0000200f); // misc-mem funct3 010
    assertIllegal(0x00001007); // flh (Zfh)
    assertIllegal(0x00004007); // flq
    assertIllegal(0x00001027); // fsh
    assertIllegal(Asm.add(1, 2, 3) | 1 << 30 | 1 << 25); // bad funct7
    assertIllegal(0x4000103b); // sllw with funct7 0x20
    assertIllegal(0x0200103b); // funct7 1, funct3 1 in OP-32
    for (int rm = 5; rm <= 6; rm++) {
      assertIllegal(Asm.fadd_d(1, 2, 3, 0) | rm << 12);
      assertIllegal(Asm.fmadd_s(1, 2, 3, 4, 0) | rm << 12);
      assertIllegal(Asm.fsqrt_d(1, 2, 0) | rm << 12);
      assertIllegal(Asm.fcvt_w_d(1, 2, 0) | rm << 12);
      assertIllegal(Asm.fcvt_d_l(1, 2, 0) | rm << 12);
      assertIllegal(Asm.fpR(Opcode.FCVT_D_S, 1, 2, 0) | rm << 12);
    }
    assertIllegal(Asm.fmadd_s(1, 2, 3, 4, 0) | 2 << 25); // fmt H
    assertIllegal(Asm.fmadd_s(1, 2, 3, 4, 0) | 3 << 25); // fmt Q
    assertIllegal(Asm.fsqrt_d(1, 2, 0) | 1 << 20); // rs2 != 0
    assertIllegal(Asm.fpR(Opcode.FCVT_S_D, 1, 2, 0) & ~(1 << 20)); // fcvt.s.s
    assertIllegal(Asm.fpR(Opcode.FCVT_D_S, 1, 2, 0) | 1 << 20); // fcvt.d.d
    assertIllegal(Asm.fcvt_w_d(1, 2, 0) | 4 << 20); // rs2 = 4
    assertIllegal(Asm.fcvt_d_l(1, 2, 0) | 5 << 20);
    assertIllegal(Asm.fmv_x_d(1, 2) | 1 << 20);
    assertIllegal(Asm.fmv_x_d(1, 2) | 2 << 12);
    assertIllegal(Asm.fmv_d_x(1, 2) | 1 << 12);
    assertIllegal(Asm.fmv_d_x(1, 2) | 1 << 20);
    assertIllegal(Asm.fpMove(Opcode.FCLASS_S, 1, 2) | 1 << 20);
    assertIllegal(Asm.fsgnj_d(1, 2, 3) | 3 << 12);
    assertIllegal(Asm.feq_d(1, 2, 3) | 3 << 12);
    assertIllegal(Asm.fpNorm(Opcode.FMIN_S, 1, 2, 3) | 2 << 12);
    assertIllegal(0x0000007f); // 64-bit encoding space
    assertIllegal(0x0000001f); // 48-bit encoding space
    assertIllegal(0x00000057); // vector (OP-V)
  }

  @Test
  void specificValues() {
    Insn in = d(Asm.addi(10, 2, -1));
    assertEquals(-1, in.imm);
    in = d(0x800000b7); // lui ra, 0x80000
    assertEquals(Opcode.LUI, in.op);
    assertEquals(0xffffffff80000000L, in.imm);
    in = d(0xfffff517); // auipc a0, 0xfffff
    assertEquals(-4096, in.imm);
    in = d(0xfe000fe3); // beq zero,zero,-2
    assertEquals(Opcode.BEQ, in.op);
    assertEquals(-2, in.imm);
    in = d(0xfe000ee3);
    assertEquals(-4, in.imm);
    in = d(0x800000ef); // jal ra, -1 MiB
    assertEquals(-(1 << 20), in.imm);
    in = d(Asm.jal(0, 0xffffe));
    assertEquals(0xffffe, in.imm);
    in = d(Asm.srai(5, 6, 63));
    assertEquals(63, in.imm);
    assertEquals(Opcode.SRAI, in.op);
    in = d(Asm.sraiw(5, 6, 31));
    assertEquals(31, in.imm);
    in = d(0xc0002573); // rdcycle a0 (csrrs a0, cycle, zero)
    assertEquals(Opcode.CSRRS, in.op);
    assertEquals(0xc00, in.imm);
    assertEquals(10, in.rd);
    in = d(0xfff2e573); // csrrsi a0, 0xfff, 5
    assertEquals(Opcode.CSRRSI, in.op);
    assertEquals(0xfff, in.imm);
    assertEquals(5, in.rs1);
    in = d(0x8330000f); // fence.tso
    assertEquals(Opcode.FENCE, in.op);
    assertEquals(0x833, in.imm);
    in = d(0x0100000f); // pause
    assertEquals(Opcode.FENCE, in.op);
    assertEquals(0x010, in.imm);
    in = d(0x0000100f);
    assertEquals(Opcode.FENCE_I, in.op);
    in = d(0x00000073);
    assertEquals(Opcode.ECALL, in.op);
    in = d(0x00100073);
    assertEquals(Opcode.EBREAK, in.op);
    in = d(0x1e0525af); // sc.w.aqrl a1,zero,(a0)
    assertEquals(Opcode.SC_W, in.op);
    assertEquals(3, in.rm);
    in = d(Asm.fadd_d(1, 2, 3, Asm.DYN));
    assertEquals(7, in.rm);
    in = d(Asm.sd(1, 2, -2048));
    assertEquals(-2048, in.imm);
    in = d(Asm.sw(1, 2, 2047));
    assertEquals(2047, in.imm);
    in = d(Asm.c_lui(10, -0x20000));
    assertEquals(-0x20000, in.imm);
    assertNotEquals(Opcode.ILLEGAL, d(Asm.csrrw(0, 0x7c0, 1)).op); // unknown CSR still decodes
  }
}
