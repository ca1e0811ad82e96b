package dev.rvjit.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks the encoding table of {@link Asm} against itself and against {@link Decoder}. */
class EncodingTableTest {

  /** No two opcodes claim the same word: their match/mask pairs are disjoint. */
  @Test
  void noEncodingOverlap() {
    List<Opcode> ops = new ArrayList<>();
    for (Opcode op : Opcode.values()) {
      if (op != Opcode.ILLEGAL) {
        ops.add(op);
        assertEquals(Asm.match(op), Asm.match(op) & Asm.mask(op), op + ": match outside mask");
      }
    }
    for (int i = 0; i < ops.size(); i++) {
      for (int j = i + 1; j < ops.size(); j++) {
        Opcode a = ops.get(i);
        Opcode b = ops.get(j);
        int common = Asm.mask(a) & Asm.mask(b);
        assertTrue(((Asm.match(a) ^ Asm.match(b)) & common) != 0, a + " overlaps " + b);
      }
    }
  }

  /** Every word an opcode's match/mask claims (sampled) decodes to it unless a field is invalid. */
  @Test
  void matchMaskAgreesWithDecoder() {
    Random rnd = new Random(3);
    for (Opcode op : Opcode.values()) {
      if (op == Opcode.ILLEGAL) {
        continue;
      }
      for (int n = 0; n < 5000; n++) {
        int w = (rnd.nextInt() & ~Asm.mask(op)) | Asm.match(op);
        Opcode got = Decoder.decode(0, w).op;
        int rm = (w >>> 12) & 7;
        boolean badRm = op.hasRoundingMode() && (rm == 5 || rm == 6);
        assertEquals(badRm ? Opcode.ILLEGAL : op, got, String.format("%08x", w));
      }
    }
  }

  /** Asm has a readable helper named after every opcode, and it encodes that opcode. */
  @Test
  void helperForEveryOpcode() throws Exception {
    for (Opcode op : Opcode.values()) {
      if (op == Opcode.ILLEGAL) {
        continue;
      }
      Method m = null;
      for (Method c : Asm.class.getMethods()) {
        if (c.getName().equals(op.name().toLowerCase(Locale.ROOT))
            && Modifier.isStatic(c.getModifiers())) {
          m = c;
        }
      }
      assertNotNull(m, "no Asm helper for " + op);
      Object[] args = new Object[m.getParameterCount()];
      for (int k = 0; k < args.length; k++) {
        args[k] = m.getParameterTypes()[k] == long.class ? (Object) 0L : (Object) 2;
      }
      int w = (Integer) m.invoke(null, args);
      assertEquals(op, Decoder.decode(0, w).op, m.toString());
    }
  }
}
