package dev.rvjit.isa;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs GNU {@code riscv64-linux-gnu-objdump -d} on code wrapped in a minimal RISC-V ELF file
 * (one {@code .text} section at address 0 with a {@code _start} symbol, no mapping symbols, no
 * attributes section, so objdump uses its default RV64GC and prints its default aliases).
 */
final class Objdump {
  static final String TOOL = "riscv64-linux-gnu-objdump";

  private Objdump() {}

  /** One disassembled line: address, encoding column, and the text after it. */
  static final class Line {
    final long addr;
    final String hex;
    final String text;

    Line(long addr, String hex, String text) {
      this.addr = addr;
      this.hex = hex;
      this.text = text;
    }
  }

  /** True if the tool can be run. */
  static boolean available() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, TOOL).canExecute()) {
        return true;
      }
    }
    return false;
  }

  /** Disassembles {@code code} (placed at address 0) and returns objdump's instruction lines. */
  static List<Line> disassemble(byte[] code) throws IOException, InterruptedException {
    Path elf = Files.createTempFile("rvjit-objdump", ".elf");
    try {
      Files.write(elf, elf(code));
      Process p = new ProcessBuilder(TOOL, "-d", "-w", "-z", elf.toString())
          .redirectErrorStream(true).start();
      List<Line> out = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String s;
        while ((s = r.readLine()) != null) {
          int colon = s.indexOf(":\t");
          if (!s.startsWith(" ") || colon < 0) {
            continue;
          }
          String[] parts = s.substring(colon + 2).split("\t", 2);
          out.add(new Line(Long.parseLong(s.substring(0, colon).trim(), 16), parts[0].trim(),
              parts.length > 1 ? parts[1] : ""));
        }
      }
      int rc = p.waitFor();
      if (rc != 0) {
        throw new IOException(TOOL + " exited with " + rc);
      }
      return out;
    } finally {
      Files.deleteIfExists(elf);
    }
  }

  /** A minimal ELF64 little-endian RISC-V executable with {@code code} as .text at address 0. */
  static byte[] elf(byte[] code) {
    byte[] shstr = "\0.text\0.symtab\0.strtab\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);
    byte[] str = "\0_start\0".getBytes(StandardCharsets.US_ASCII);
    int textOff = 64;
    int symOff = align(textOff + code.length, 8);
    int symSize = 2 * 24;
    int strOff = symOff + symSize;
    int shstrOff = strOff + str.length;
    int shOff = align(shstrOff + shstr.length, 8);
    ByteBuffer b = ByteBuffer.allocate(shOff + 5 * 64).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
    b.position(16);
    b.putShort((short) 2); // ET_EXEC
    b.putShort((short) 243); // EM_RISCV
    b.putInt(1);
    b.putLong(0); // entry
    b.putLong(0); // phoff
    b.putLong(shOff);
    b.putInt(0x5); // EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE
    b.putShort((short) 64);
    b.putShort((short) 0);
    b.putShort((short) 0);
    b.putShort((short) 64);
    b.putShort((short) 5);
    b.putShort((short) 4); // shstrndx
    b.position(textOff);
    b.put(code);
    b.position(symOff + 24); // symbol 1: _start
    b.putInt(1);
    b.put((byte) 0x12); // GLOBAL FUNC
    b.put((byte) 0);
    b.putShort((short) 1);
    b.putLong(0);
    b.putLong(0);
    b.position(strOff);
    b.put(str);
    b.position(shstrOff);
    b.put(shstr);
    b.position(shOff + 64);
    section(b, 1, 1, 6, 0, textOff, code.length, 0, 0, 4, 0); // .text PROGBITS AX
    section(b, 7, 2, 0, 0, symOff, symSize, 3, 1, 8, 24); // .symtab -> .strtab
    section(b, 15, 3, 0, 0, strOff, str.length, 0, 0, 1, 0);
    section(b, 23, 3, 0, 0, shstrOff, shstr.length, 0, 0, 1, 0);
    return b.array();
  }

  private static void section(ByteBuffer b, int name, int type, long flags, long addr, long off,
      long size, int link, int info, long align, long entsize) {
    b.putInt(name);
    b.putInt(type);
    b.putLong(flags);
    b.putLong(addr);
    b.putLong(off);
    b.putLong(size);
    b.putInt(link);
    b.putInt(info);
    b.putLong(align);
    b.putLong(entsize);
  }

  private static int align(int v, int a) {
    return (v + a - 1) & -a;
  }
}
