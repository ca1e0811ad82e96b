package dev.rvjit.isa;

import java.util.function.LongFunction;

/**
 * Disassembler that prints what GNU {@code objdump -d} (binutils 2.40, default options) prints
 * for RV64GC code: mnemonic, a tab, operands, with ABI register names and objdump's default
 * aliases ({@code li}, {@code mv}, {@code ret}, {@code csrr}, {@code fmv.d}, ...). Note that
 * objdump 2.40 prints I-type arithmetic with the R-type mnemonic ({@code add a0,a1,5} for
 * {@code addi}, {@code sll a0,a0,0x3} for {@code slli}); this class does the same, and so prints
 * compressed instructions exactly as objdump does too (including its {@code c.}-prefixed names for
 * HINT encodings).
 *
 * <p>Branch and jump targets print as an absolute lowercase hex address without {@code 0x}; with
 * a symbolizer, {@code <name+0xoff>} follows, as objdump prints it for an ELF file with symbols.
 * Loads, stores and {@code addi}/{@code jalr} relative to {@code zero} or {@code tp} get objdump's
 * {@code # address} comment (objdump also annotates pairs such as {@code lui}+{@code addi}, which
 * needs state across instructions; this stateless printer does not).
 */
public final class Disassembler {
  private Disassembler() {}

  private static final String[] X = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4",
    "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
    "t5", "t6"
  };
  private static final String[] F = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2",
    "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9",
    "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"
  };
  private static final String[] RM = {"rne", "rtz", "rdn", "rup", "rmm", "unknown", "unknown", ""};
  private static final String[] AQRL = {"", ".rl", ".aq", ".aqrl"};

  /** ABI name of integer register {@code r}. */
  public static String xreg(int r) {
    return X[r];
  }

  /** ABI name of floating-point register {@code r}. */
  public static String freg(int r) {
    return F[r];
  }

  /** objdump's text for {@code insn}: mnemonic, tab, operands; targets as bare hex addresses. */
  public static String format(Insn insn) {
    return format(insn, null);
  }

  /**
   * objdump's text for {@code insn}. After each target address, {@code " <" + s + ">"} is appended
   * when {@code symbolizer} (may be null) returns a non-null {@code s} for it, e.g.
   * {@code main+0x10}.
   */
  public static String format(Insn insn, LongFunction<String> symbolizer) {
    return new Printer(insn, symbolizer).print();
  }

  /**
   * objdump's encoding column: {@code 1141} for a compressed instruction, else {@code 00a00513}.
   */
  public static String hexBytes(Insn insn) {
    return insn.len == 2 ? String.format("%04x", insn.raw & 0xffff)
        : String.format("%08x", insn.raw);
  }

  /** Prints one instruction; a small object so the operand helpers share state. */
  private static final class Printer {
    private final Insn in;
    private final LongFunction<String> sym;
    private final StringBuilder sb = new StringBuilder(32);

    Printer(Insn in, LongFunction<String> sym) {
      this.in = in;
      this.sym = sym;
    }

    private Printer m(String mnemonic) {
      sb.append(mnemonic);
      return this;
    }

    /** Starts the operand list (the tab) and appends {@code s}. */
    private Printer a(String s) {
      sb.append(sb.indexOf("\t") < 0 ? "\t" : ",").append(s);
      return this;
    }

    private Printer x(int r) {
      return a(X[r]);
    }

    private Printer f(int r) {
      return a(F[r]);
    }

    private Printer dec(long v) {
      return a(Long.toString(v));
    }

    private Printer hex(long v) {
      return a("0x" + Long.toHexString(v));
    }

    private Printer target(long t) {
      a(Long.toHexString(t));
      return symbol(t);
    }

    private Printer symbol(long t) {
      String s = sym == null ? null : sym.apply(t);
      if (s != null) {
        sb.append(" <").append(s).append('>');
      }
      return this;
    }

    /** {@code imm(base)}, the memory operand of loads, stores and jalr. */
    private Printer mem(long imm, int base) {
      return a(imm + "(" + X[base] + ")");
    }

    /** objdump's {@code # address} comment for an address it can compute without state. */
    private Printer comment(int base, long imm) {
      if (base == 0 || base == 4) {
        sb.append(" # ").append(Long.toHexString(imm));
        symbol(imm);
      }
      return this;
    }

    private Printer rm(int rm) {
      return rm == 7 ? this : a(RM[rm]);
    }

    /**
     * For an FP word that is illegal only because its static rounding mode is 5 or 6, the
     * instruction with that rm (objdump prints it as {@code unknown}); else null.
     */
    private Insn reservedRm() {
      int rm = (in.raw >>> 12) & 7;
      if (in.len != 4 || (rm != 5 && rm != 6)) {
        return null;
      }
      Insn d = Decoder.decode(in.pc, in.raw & ~(7 << 12));
      if (d.op == Opcode.ILLEGAL || !d.op.hasRoundingMode()) {
        return null;
      }
      return new Insn(d.op, in.pc, in.raw, 4, d.rd, d.rs1, d.rs2, d.rs3, rm, d.imm);
    }

    private String word() {
      return in.len == 2 ? (in.raw == 0 ? "unimp" : ".2byte\t0x" + Integer.toHexString(in.raw))
          : ".4byte\t0x" + Integer.toHexString(in.raw);
    }

    String print() {
      if (in.op == Opcode.ILLEGAL) {
        Insn reserved = reservedRm();
        if (reserved != null) {
          return new Printer(reserved, sym).print();
        }
        return Privileged.format(in.raw, in.len, word());
      }
      if (in.len == 2) {
        String c = compressedSpecial();
        if (c != null) {
          return c;
        }
      }
      Opcode op = in.op;
      int rd = in.rd;
      int rs1 = in.rs1;
      int rs2 = in.rs2;
      long imm = in.imm;
      switch (op.kind) {
        case LUI:
        case AUIPC:
          return m(op.mnemonic).x(rd).hex((imm >>> 12) & 0xfffff).sb.toString();
        case JAL:
          if (rd == 0) {
            return m("j").target(in.pc + imm).sb.toString();
          }
          return (rd == 1 ? m("jal") : m("jal").x(rd)).target(in.pc + imm).sb.toString();
        case JALR:
          return jalr(rd, rs1, imm);
        case BRANCH:
          return branch(op, rs1, rs2, in.pc + imm);
        case LOAD:
          return m(op.mnemonic).x(rd).mem(imm, rs1).comment(rs1, imm).sb.toString();
        case FLOAD:
          return m(op.mnemonic).f(rd).mem(imm, rs1).comment(rs1, imm).sb.toString();
        case STORE:
          return m(op.mnemonic).x(rs2).mem(imm, rs1).comment(rs1, imm).sb.toString();
        case FSTORE:
          return m(op.mnemonic).f(rs2).mem(imm, rs1).comment(rs1, imm).sb.toString();
        case ALU_RI:
          return aluImm(op, rd, rs1, imm);
        case ALU_RR:
          return aluReg(op, rd, rs1, rs2);
        case FENCE:
          return fence();
        case FENCE_I:
          return in.raw == 0x0000100f ? "fence.i" : word();
        case ECALL:
        case EBREAK:
          return op.mnemonic;
        case CSR:
        case CSRI:
          return csr(op, rd, rs1, imm);
        case LR:
          return m(op.mnemonic + AQRL[in.rm]).x(rd).a("(" + X[rs1] + ")").sb.toString();
        case SC:
        case AMO:
          return m(op.mnemonic + AQRL[in.rm]).x(rd).x(rs2).a("(" + X[rs1] + ")").sb.toString();
        default:
          return fp(op, rd, rs1, rs2);
      }
    }

    /** Compressed forms that objdump prints differently from their expansion, or null. */
    private String compressedSpecial() {
      int h = in.raw;
      Opcode op = in.op;
      int rd = in.rd;
      long imm = in.imm;
      int quadrantFunct3 = ((h >>> 11) & 0x1c) | (h & 3);
      switch (quadrantFunct3) {
        case 0x00: // c.addi4spn
          return m("add").x(rd).x(2).dec(imm).sb.toString();
        case 0x01: // c.addi / c.nop
          if (rd == 0) {
            return imm == 0 ? "nop" : m("c.nop").dec(imm).sb.toString();
          }
          m("add").x(rd).x(rd).dec(imm);
          return comment(rd, imm).sb.toString();
        case 0x05: // c.addiw
          if (imm == 0) {
            return m("sext.w").x(rd).x(rd).sb.toString();
          }
          return m("addw").x(rd).x(rd).dec(imm).comment(rd, imm).sb.toString();
        case 0x09: // c.li
          return m(rd == 0 ? "c.li" : "li").x(rd).dec(imm).sb.toString();
        case 0x0d: // c.lui / c.addi16sp
          if (op == Opcode.ADDI) {
            return m("add").x(2).x(2).dec(imm).sb.toString();
          }
          return m(rd == 0 ? "c.lui" : "lui").x(rd).hex((imm >>> 12) & 0xfffff).sb.toString();
        case 0x11: // c.srli, c.srai, c.andi, c.sub ...
          if (op == Opcode.SRLI || op == Opcode.SRAI) {
            if (imm == 0) {
              return m(op == Opcode.SRLI ? "c.srli64" : "c.srai64").x(rd).sb.toString();
            }
            return m(op == Opcode.SRLI ? "srl" : "sra").x(rd).x(rd).hex(imm).sb.toString();
          }
          if (op == Opcode.ANDI) {
            return m("and").x(rd).x(rd).dec(imm).sb.toString();
          }
          return m(op.mnemonic).x(rd).x(rd).x(in.rs2).sb.toString();
        case 0x02: // c.slli
          if (imm == 0) {
            return m("c.slli64").x(rd).sb.toString();
          }
          if (rd == 0) {
            return m("c.slli").x(rd).hex(imm).sb.toString();
          }
          return m("sll").x(rd).x(rd).hex(imm).sb.toString();
        case 0x12: // c.jr, c.mv, c.ebreak, c.jalr, c.add
          if (op == Opcode.ADD) {
            if ((h & 0x1000) == 0) {
              return m(rd == 0 ? "c.mv" : "mv").x(rd).x(in.rs2).sb.toString();
            }
            return (rd == 0 ? m("c.add").x(rd).x(in.rs2) : m("add").x(rd).x(rd).x(in.rs2))
                .sb.toString();
          }
          if (op == Opcode.JALR) {
            if (rd == 0) {
              return in.rs1 == 1 ? "ret" : m("jr").x(in.rs1).sb.toString();
            }
            return m("jalr").x(in.rs1).sb.toString();
          }
          return null;
        default:
          return null;
      }
    }

    private String jalr(int rd, int rs1, long imm) {
      if (rd == 0) {
        if (rs1 == 1 && imm == 0) {
          return "ret";
        }
        m("jr");
      } else if (rd == 1) {
        m("jalr");
      } else {
        m("jalr").x(rd);
      }
      if (imm == 0) {
        x(rs1);
      } else {
        mem(imm, rs1);
      }
      return comment(rs1, imm).sb.toString();
    }

    private String branch(Opcode op, int rs1, int rs2, long t) {
      switch (op) {
        case BEQ:
          if (rs2 == 0) {
            return m("beqz").x(rs1).target(t).sb.toString();
          }
          break;
        case BNE:
          if (rs2 == 0) {
            return m("bnez").x(rs1).target(t).sb.toString();
          }
          break;
        case BLT:
          if (rs2 == 0) {
            return m("bltz").x(rs1).target(t).sb.toString();
          }
          if (rs1 == 0) {
            return m("bgtz").x(rs2).target(t).sb.toString();
          }
          break;
        case BGE:
          if (rs1 == 0) {
            return m("blez").x(rs2).target(t).sb.toString();
          }
          if (rs2 == 0) {
            return m("bgez").x(rs1).target(t).sb.toString();
          }
          break;
        default:
          break;
      }
      return m(op.mnemonic).x(rs1).x(rs2).target(t).sb.toString();
    }

    private String aluImm(Opcode op, int rd, int rs1, long imm) {
      switch (op) {
        case ADDI:
          if (rd == 0 && rs1 == 0 && imm == 0) {
            return "nop";
          }
          if (rs1 == 0) {
            return m("li").x(rd).dec(imm).sb.toString();
          }
          if (imm == 0) {
            return m("mv").x(rd).x(rs1).sb.toString();
          }
          return m("add").x(rd).x(rs1).dec(imm).comment(rs1, imm).sb.toString();
        case ADDIW:
          if (imm == 0) {
            return m("sext.w").x(rd).x(rs1).sb.toString();
          }
          m("addw").x(rd).x(rs1).dec(imm);
          return (rs1 != 0 ? comment(rs1, imm) : this).sb.toString();
        case XORI:
          if (imm == -1) {
            return m("not").x(rd).x(rs1).sb.toString();
          }
          return m("xor").x(rd).x(rs1).dec(imm).sb.toString();
        case SLTIU:
          if (imm == 1) {
            return m("seqz").x(rd).x(rs1).sb.toString();
          }
          return m("sltiu").x(rd).x(rs1).dec(imm).sb.toString();
        case SLTI:
          return m("slti").x(rd).x(rs1).dec(imm).sb.toString();
        case ORI:
        case ANDI:
          return m(op.sem).x(rd).x(rs1).dec(imm).sb.toString();
        default: // shifts
          return m(op.sem).x(rd).x(rs1).hex(imm).sb.toString();
      }
    }

    private String aluReg(Opcode op, int rd, int rs1, int rs2) {
      switch (op) {
        case SUB:
          if (rs1 == 0) {
            return m("neg").x(rd).x(rs2).sb.toString();
          }
          break;
        case SUBW:
          if (rs1 == 0) {
            return m("negw").x(rd).x(rs2).sb.toString();
          }
          break;
        case SLT:
          if (rs2 == 0) {
            return m("sltz").x(rd).x(rs1).sb.toString();
          }
          if (rs1 == 0) {
            return m("sgtz").x(rd).x(rs2).sb.toString();
          }
          break;
        case SLTU:
          if (rs1 == 0) {
            return m("snez").x(rd).x(rs2).sb.toString();
          }
          break;
        default:
          break;
      }
      return m(op.mnemonic).x(rd).x(rs1).x(rs2).sb.toString();
    }

    private String fence() {
      int bits = (int) in.imm;
      if (in.raw == 0x8330000f) {
        return "fence.tso";
      }
      if ((bits & 0xf00) != 0 || in.rd != 0 || in.rs1 != 0) {
        return word();
      }
      if (bits == 0x0ff) {
        return "fence";
      }
      return m("fence").a(iorw(bits >> 4)).a(iorw(bits)).sb.toString();
    }

    private static String iorw(int set) {
      StringBuilder s = new StringBuilder(4);
      if ((set & 8) != 0) {
        s.append('i');
      }
      if ((set & 4) != 0) {
        s.append('o');
      }
      if ((set & 2) != 0) {
        s.append('r');
      }
      if ((set & 1) != 0) {
        s.append('w');
      }
      return s.length() == 0 ? "unknown" : s.toString();
    }

    private String csr(Opcode op, int rd, int rs1, long csr) {
      String name = CsrNames.name(csr);
      boolean imm = op.kind == Kind.CSRI;
      switch (op) {
        case CSRRS:
          if (rs1 == 0) {
            switch ((int) csr) {
              case 0xc00: return m("rdcycle").x(rd).sb.toString();
              case 0xc01: return m("rdtime").x(rd).sb.toString();
              case 0xc02: return m("rdinstret").x(rd).sb.toString();
              case 0x001: return m("frflags").x(rd).sb.toString();
              case 0x002: return m("frrm").x(rd).sb.toString();
              case 0x003: return m("frcsr").x(rd).sb.toString();
              default: return m("csrr").x(rd).a(name).sb.toString();
            }
          }
          break;
        case CSRRW:
          if (in.raw == 0xc0001073) {
            return "unimp";
          }
          if (csr >= 1 && csr <= 3) {
            String n = csr == 1 ? "fsflags" : csr == 2 ? "fsrm" : "fscsr";
            return (rd == 0 ? m(n) : m(n).x(rd)).x(rs1).sb.toString();
          }
          break;
        case CSRRWI:
          if (csr == 1 || csr == 2) {
            return m(csr == 1 ? "fsflagsi" : "fsrmi").x(rd).dec(rs1).sb.toString();
          }
          break;
        default:
          break;
      }
      String base = op.sem; // csrrw, csrrs, csrrc (the immediate forms print the same name)
      if (rd == 0) {
        m("csr" + base.charAt(4)).a(name);
      } else {
        m(base).x(rd).a(name);
      }
      return (imm ? dec(rs1) : x(rs1)).sb.toString();
    }

    private String fp(Opcode op, int rd, int rs1, int rs2) {
      int rm = in.rm;
      switch (op.kind) {
        case FP_R4:
          return m(op.mnemonic).f(rd).f(rs1).f(rs2).f(in.rs3).rm(rm).sb.toString();
        case FP_RR:
          return m(op.mnemonic).f(rd).f(rs1).f(rs2).rm(rm).sb.toString();
        case FP_R:
          if (op == Opcode.FCVT_D_S) {
            return rm == 0 ? m(op.mnemonic).f(rd).f(rs1).sb.toString() : word();
          }
          return m(op.mnemonic).f(rd).f(rs1).rm(rm).sb.toString();
        case FP_RR_NORM:
          if (rs1 == rs2) {
            String alias = sign(op);
            if (alias != null) {
              return m(alias).f(rd).f(rs1).sb.toString();
            }
          }
          return m(op.mnemonic).f(rd).f(rs1).f(rs2).sb.toString();
        case FP_CMP:
          return m(op.mnemonic).x(rd).f(rs1).f(rs2).sb.toString();
        case FP_TO_X:
          m(op.mnemonic).x(rd).f(rs1);
          return (op.hasRoundingMode() ? rm(rm) : this).sb.toString();
        case X_TO_FP:
          if (op == Opcode.FCVT_D_W || op == Opcode.FCVT_D_WU) {
            return rm == 0 ? m(op.mnemonic).f(rd).x(rs1).sb.toString() : word();
          }
          m(op.mnemonic).f(rd).x(rs1);
          return (op.hasRoundingMode() ? rm(rm) : this).sb.toString();
        default:
          throw new AssertionError(op);
      }
    }

    private static String sign(Opcode op) {
      switch (op) {
        case FSGNJ_S: return "fmv.s";
        case FSGNJN_S: return "fneg.s";
        case FSGNJX_S: return "fabs.s";
        case FSGNJ_D: return "fmv.d";
        case FSGNJN_D: return "fneg.d";
        case FSGNJX_D: return "fabs.d";
        default: return null;
      }
    }
  }
}
