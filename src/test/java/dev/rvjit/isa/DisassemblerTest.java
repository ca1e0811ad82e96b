package dev.rvjit.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Spot checks of {@link Disassembler} that run without objdump; the expected strings are what
 * GNU objdump 2.40 prints (see {@link ObjdumpComparisonTest} for the exhaustive comparison).
 */
class DisassemblerTest {

  private static String dis(long pc, int w) {
    return Disassembler.format(Decoder.decode(pc, w));
  }

  private static String dis(int w) {
    return dis(0x1000, w);
  }

  @Test
  void integer() {
    assertEquals("nop", dis(Asm.nop()));
    assertEquals("li\ta0,10", dis(0x00a00513));
    assertEquals("add\tsp,sp,-16", dis(Asm.addi(2, 2, -16))); // objdump 2.40 prints addi as add
    assertEquals("add\tsp,sp,-16", dis(Asm.c_addi(2, -16)));
    assertEquals("add\tsp,sp,-64", dis(Asm.c_addi16sp(-64)));
    assertEquals("mv\ta0,a1", dis(Asm.addi(10, 11, 0)));
    assertEquals("mv\ta0,a1", dis(Asm.c_mv(10, 11)));
    assertEquals("not\ta0,a1", dis(Asm.xori(10, 11, -1)));
    assertEquals("neg\ta0,a1", dis(Asm.sub(10, 0, 11)));
    assertEquals("negw\ta0,a1", dis(Asm.subw(10, 0, 11)));
    assertEquals("sext.w\ta0,a1", dis(Asm.addiw(10, 11, 0)));
    assertEquals("seqz\ta0,a1", dis(Asm.sltiu(10, 11, 1)));
    assertEquals("snez\ta0,a1", dis(Asm.sltu(10, 0, 11)));
    assertEquals("sltz\ta0,a1", dis(Asm.slt(10, 11, 0)));
    assertEquals("sgtz\ta0,a1", dis(Asm.slt(10, 0, 11)));
    assertEquals("sll\ta0,a0,0x3", dis(Asm.slli(10, 10, 3)));
    assertEquals("sraw\ta0,a1,0x1f", dis(Asm.sraiw(10, 11, 31)));
    assertEquals("lui\ta0,0xfffff", dis(Asm.lui(10, -4096)));
    assertEquals("ld\ta5,8(sp)", dis(Asm.ld(15, 2, 8)));
    assertEquals("ld\ta5,8(sp)", dis(Asm.c_ldsp(15, 8)));
    assertEquals("sd\tra,-8(s0)", dis(Asm.sd(1, 8, -8)));
    assertEquals("lw\ta0,16(zero) # 10", dis(Asm.lw(10, 0, 16)));
    assertEquals("mulhsu\ta0,a1,a2", dis(Asm.mulhsu(10, 11, 12)));
  }

  @Test
  void controlTransfer() {
    assertEquals("ret", dis(Asm.jalr(0, 1, 0)));
    assertEquals("ret", dis(Asm.c_jr(1)));
    assertEquals("jr\ta5", dis(Asm.jalr(0, 15, 0)));
    assertEquals("jalr\ta5", dis(Asm.jalr(1, 15, 0)));
    assertEquals("jalr\ta5", dis(Asm.c_jalr(15)));
    assertEquals("jalr\tt0,8(a5)", dis(Asm.jalr(5, 15, 8)));
    assertEquals("j\tff0", dis(Asm.jal(0, -16)));
    assertEquals("jal\t1010", dis(Asm.jal(1, 16)));
    assertEquals("jal\tt0,1010", dis(Asm.jal(5, 16)));
    assertEquals("j\t1100", dis(Asm.c_j(0x100)));
    assertEquals("beqz\ta0,1008", dis(Asm.beq(10, 0, 8)));
    assertEquals("bnez\ts1,ffe", dis(Asm.c_bnez(9, -2)));
    assertEquals("blez\ta0,1008", dis(Asm.bge(0, 10, 8)));
    assertEquals("bgez\ta0,1008", dis(Asm.bge(10, 0, 8)));
    assertEquals("bltz\ta0,1008", dis(Asm.blt(10, 0, 8)));
    assertEquals("bgtz\ta0,1008", dis(Asm.blt(0, 10, 8)));
    assertEquals("bltu\ta0,a1,1008", dis(Asm.bltu(10, 11, 8)));
    assertEquals("ecall", dis(Asm.ecall()));
    assertEquals("ebreak", dis(Asm.c_ebreak()));
  }

  @Test
  void symbolizer() {
    LongFunction<String> sym = t -> t == 0x1000 ? "main"
        : t > 0x1000 ? "main+0x" + Long.toHexString(t - 0x1000) : null;
    Insn in = Decoder.decode(0x1000, Asm.jal(1, 0x20));
    assertEquals("jal\t1020 <main+0x20>", Disassembler.format(in, sym));
    in = Decoder.decode(0x1010, Asm.beq(10, 11, -0x10));
    assertEquals("beq\ta0,a1,1000 <main>", Disassembler.format(in, sym));
    in = Decoder.decode(0x1000, Asm.jal(0, -4));
    assertEquals("j\tffc", Disassembler.format(in, sym));
  }

  @Test
  void systemAndCsr() {
    assertEquals("rdcycle\ta0", dis(Asm.csrrs(10, 0xc00, 0)));
    assertEquals("rdtime\ta0", dis(Asm.csrrs(10, 0xc01, 0)));
    assertEquals("rdinstret\ta0", dis(Asm.csrrs(10, 0xc02, 0)));
    assertEquals("frflags\ta0", dis(Asm.csrrs(10, 1, 0)));
    assertEquals("frrm\ta0", dis(Asm.csrrs(10, 2, 0)));
    assertEquals("frcsr\ta0", dis(Asm.csrrs(10, 3, 0)));
    assertEquals("fsflags\ta1", dis(Asm.csrrw(0, 1, 11)));
    assertEquals("fsrm\ta0,a1", dis(Asm.csrrw(10, 2, 11)));
    assertEquals("fscsr\ta1", dis(Asm.csrrw(0, 3, 11)));
    assertEquals("csrr\ta0,mstatus", dis(Asm.csrrs(10, 0x300, 0)));
    assertEquals("csrw\t0x7c0,a1", dis(Asm.csrrw(0, 0x7c0, 11)));
    assertEquals("csrs\tcycle,a1", dis(Asm.csrrs(0, 0xc00, 11)));
    assertEquals("csrc\tfflags,5", dis(Asm.csrrci(0, 1, 5)));
    assertEquals("csrrs\ta0,frm,5", dis(Asm.csrrsi(10, 2, 5)));
    assertEquals("fsrmi\ta0,1", dis(Asm.csrrwi(10, 2, 1)));
    assertEquals("unimp", dis(0xc0001073));
    assertEquals("fence", dis(Asm.fence(15, 15)));
    assertEquals("fence\trw,w", dis(Asm.fence(3, 1)));
    assertEquals("fence.tso", dis(Asm.fence_tso()));
    assertEquals("fence\tw,unknown", dis(0x0100000f)); // pause: not in objdump's default ISA
    assertEquals("fence.i", dis(Asm.fence_i()));
  }

  @Test
  void atomicsAndFloat() {
    assertEquals("amoadd.w.aqrl\ta0,a1,(a2)", dis(Asm.amoadd_w(10, 11, 12, Asm.AQRL)));
    assertEquals("lr.d.aq\ta0,(a2)", dis(Asm.lr_d(10, 12, Asm.AQ)));
    assertEquals("sc.w.rl\ta0,a1,(a2)", dis(Asm.sc_w(10, 11, 12, Asm.RL)));
    assertEquals("fmadd.d\tfa0,fa1,fa2,fa3", dis(Asm.fmadd_d(10, 11, 12, 13, Asm.DYN)));
    assertEquals("fadd.d\tfa0,fa1,fa2,rne", dis(Asm.fadd_d(10, 11, 12, Asm.RNE)));
    assertEquals("fcvt.w.d\ta0,fa0,rtz", dis(Asm.fcvt_w_d(10, 10, Asm.RTZ)));
    assertEquals("fcvt.d.w\tfa0,a0", dis(Asm.fcvt_d_w(10, 10, Asm.RNE)));
    assertEquals("fmv.d\tfa0,fa1", dis(Asm.fsgnj_d(10, 11, 11)));
    assertEquals("fneg.s\tfa0,fa1", dis(Asm.fsgnjn_s(10, 11, 11)));
    assertEquals("fabs.d\tfa0,fa1", dis(Asm.fsgnjx_d(10, 11, 11)));
    assertEquals("fmv.x.d\ta0,fa1", dis(Asm.fmv_x_d(10, 11)));
    assertEquals("feq.d\ta0,fa1,fa2", dis(Asm.feq_d(10, 11, 12)));
    assertEquals("fld\tfs0,8(sp)", dis(Asm.c_fldsp(8, 8)));
    assertEquals("fsd\tfs0,0(a0)", dis(Asm.c_fsd(8, 10, 0)));
    assertEquals("flw\tft0,-4(a0)", dis(Asm.flw(0, 10, -4)));
  }

  @Test
  void illegalAndHints() {
    assertEquals("unimp", dis(0x0000));
    assertEquals(".2byte\t0x4", dis(0x0004));
    assertEquals(".4byte\t0xffffff7b", dis(0xffffff7b));
    assertEquals("mret", dis(0x30200073));
    assertEquals("wfi", dis(0x10500073));
    assertEquals("fadd.d\tft1,ft2,ft3,unknown", dis(0x023150d3)); // rm 5: ILLEGAL for rvjit
    assertEquals("c.nop\t1", dis(0x0005));
    assertEquals("c.li\tzero,5", dis(0x4015));
    assertEquals("c.slli64\ta0", dis(0x0502));
    assertEquals("c.mv\tzero,ra", dis(0x8006));
    assertEquals("c.add\tzero,ra", dis(0x9006));
  }

  @Test
  void hexBytes() {
    assertEquals("1141", Disassembler.hexBytes(Decoder.decode(0, 0x1141)));
    assertEquals("00a00513", Disassembler.hexBytes(Decoder.decode(0, 0x00a00513)));
    assertEquals("0000", Disassembler.hexBytes(Decoder.decode(0, 0)));
  }
}
