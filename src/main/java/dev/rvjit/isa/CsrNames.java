package dev.rvjit.isa;

/**
 * Names of the CSRs GNU objdump knows, from the privileged and unprivileged specs (user,
 * supervisor, hypervisor, machine, debug and vector CSRs), so the disassembler prints
 * {@code csrr a0,mstatus} where objdump does. Unknown numbers print as hex.
 */
final class CsrNames {
  private CsrNames() {}

  /**
   * Entries separated by {@code ;}: {@code hexnumber name}, or for an indexed family
   * {@code hexfirst pattern from to} where {@code %d} in the pattern takes the values from..to.
   */
  private static final String TABLE = ""
      + "1 fflags;2 frm;3 fcsr;8 vstart;9 vxsat;a vxrm;f vcsr;15 seed;100 sstatus;"
      + "104 sie;105 stvec;106 scounteren;10a senvcfg;10c sstateen%d 0 3;114 sieh;"
      + "140 sscratch;141 sepc;142 scause;143 stval;144 sip;14d stimecmp;150 siselect;"
      + "151 sireg;154 siph;15c stopei;15d stimecmph;180 satp;200 vsstatus;204 vsie;"
      + "205 vstvec;214 vsieh;240 vsscratch;241 vsepc;242 vscause;243 vstval;244 vsip;"
      + "24d vstimecmp;250 vsiselect;251 vsireg;254 vsiph;25c vstopei;25d vstimecmph;"
      + "280 vsatp;300 mstatus;301 misa;302 medeleg;303 mideleg;304 mie;305 mtvec;"
      + "306 mcounteren;308 mvien;309 mvip;30a menvcfg;30c mstateen%d 0 3;310 mstatush;"
      + "313 midelegh;314 mieh;318 mvienh;319 mviph;31a menvcfgh;31c mstateen%dh 0 3;"
      + "320 mcountinhibit;323 mhpmevent%d 3 31;340 mscratch;341 mepc;342 mcause;"
      + "343 mtval;344 mip;34a mtinst;34b mtval2;350 miselect;351 mireg;354 miph;"
      + "35c mtopei;3a0 pmpcfg%d 0 15;3b0 pmpaddr%d 0 63;5a8 scontext;600 hstatus;"
      + "602 hedeleg;603 hideleg;604 hie;605 htimedelta;606 hcounteren;607 hgeie;"
      + "608 hvien;609 hvictl;60a henvcfg;60c hstateen%d 0 3;613 hidelegh;"
      + "615 htimedeltah;618 hvienh;61a henvcfgh;61c hstateen%dh 0 3;643 htval;644 hip;"
      + "645 hvip;646 hviprio1;647 hviprio2;64a htinst;655 hviph;656 hviprio1h;"
      + "657 hviprio2h;680 hgatp;6a8 hcontext;723 mhpmevent%dh 3 31;747 mseccfg;"
      + "757 mseccfgh;7a0 tselect;7a1 tdata1;7a2 tdata2;7a3 tdata3;7a4 tinfo;"
      + "7a5 tcontrol;7a8 mcontext;7aa mscontext;7b0 dcsr;7b1 dpc;7b2 dscratch0;"
      + "7b3 dscratch1;b00 mcycle;b02 minstret;b03 mhpmcounter%d 3 31;b80 mcycleh;"
      + "b82 minstreth;b83 mhpmcounter%dh 3 31;c00 cycle;c01 time;c02 instret;"
      + "c03 hpmcounter%d 3 31;c20 vl;c21 vtype;c22 vlenb;c80 cycleh;c81 timeh;"
      + "c82 instreth;c83 hpmcounter%dh 3 31;da0 scountovf;db0 stopi;e12 hgeip;"
      + "eb0 vstopi;f11 mvendorid;"
      + "f12 marchid;f13 mimpid;f14 mhartid;f15 mconfigptr;fb0 mtopi;";

  private static final String[] NAMES = new String[4096];

  static {
    for (String e : TABLE.split(";")) {
      String[] f = e.split(" ");
      int csr = Integer.parseInt(f[0], 16);
      if (f.length == 2) {
        NAMES[csr] = f[1];
      } else {
        int from = Integer.parseInt(f[2]);
        int to = Integer.parseInt(f[3]);
        for (int i = from; i <= to; i++) {
          NAMES[csr + i - from] = f[1].replace("%d", Integer.toString(i));
        }
      }
    }
  }

  /** The CSR's name, or {@code 0x...} in hex if it has none. */
  static String name(long csr) {
    String n = csr >= 0 && csr < 4096 ? NAMES[(int) csr] : null;
    return n != null ? n : "0x" + Long.toHexString(csr);
  }
}
