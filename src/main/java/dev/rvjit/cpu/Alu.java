package dev.rvjit.cpu;

/**
 * Integer semantics of RV64I and RV64M, one static method per operation, named as in the ISA
 * manual. Register-immediate forms use the same method as their register-register twin (addi is
 * {@link #add} with the immediate as second operand). The interpreter calls these; the translator
 * emits {@code invokestatic} to them, and HotSpot inlines them in both tiers.
 */
public final class Alu {
  private Alu() {}

  public static long add(long a, long b) {
    return a + b;
  }

  public static long sub(long a, long b) {
    return a - b;
  }

  /** Shift amounts use the low 6 bits, as Java's long shifts do. */
  public static long sll(long a, long b) {
    return a << b;
  }

  public static long srl(long a, long b) {
    return a >>> b;
  }

  public static long sra(long a, long b) {
    return a >> b;
  }

  public static long slt(long a, long b) {
    return a < b ? 1 : 0;
  }

  // Unsigned comparisons offset both sides by 2^63 and compare signed, as Long.compareUnsigned
  // does inside; spelt out because C1 refuses to inline that call into units ("callee uses too
  // much stack").

  public static long sltu(long a, long b) {
    return (a + Long.MIN_VALUE) < (b + Long.MIN_VALUE) ? 1 : 0;
  }

  public static long xor(long a, long b) {
    return a ^ b;
  }

  public static long or(long a, long b) {
    return a | b;
  }

  public static long and(long a, long b) {
    return a & b;
  }

  // The bitwise operations on two values that are sign-extended 32-bit values (the results of W
  // forms, lw, lui, ...), computed on the low halves: the same results as and, or and xor, since
  // the upper half of each operand repeats its bit 31, and so does the upper half of the result.
  // The translator uses them where it has proved both operands so (Translator.sext32), so that
  // HotSpot keeps a chain of 32-bit arithmetic in 32 bits instead of sign-extending every step.

  public static long and32(long a, long b) {
    return (int) a & (int) b;
  }

  public static long or32(long a, long b) {
    return (int) a | (int) b;
  }

  public static long xor32(long a, long b) {
    return (int) a ^ (int) b;
  }

  /** W forms compute on the low 32 bits and sign-extend the 32-bit result. */
  public static long addw(long a, long b) {
    return (int) a + (int) b;
  }

  public static long subw(long a, long b) {
    return (int) a - (int) b;
  }

  /** Shift amounts use the low 5 bits, as Java's int shifts do. */
  public static long sllw(long a, long b) {
    return (int) a << (int) b;
  }

  public static long srlw(long a, long b) {
    return (int) a >>> (int) b;
  }

  public static long sraw(long a, long b) {
    return (int) a >> (int) b;
  }

  public static long mul(long a, long b) {
    return a * b;
  }

  public static long mulh(long a, long b) {
    return Math.multiplyHigh(a, b);
  }

  /** High half of signed a times unsigned b. */
  public static long mulhsu(long a, long b) {
    return Math.multiplyHigh(a, b) + ((b >> 63) & a);
  }

  /** High half of unsigned a times unsigned b. */
  public static long mulhu(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /** Division by zero gives -1; MIN_VALUE / -1 overflows to MIN_VALUE (no trap). */
  public static long div(long a, long b) {
    if (b == 0) {
      return -1;
    }
    if (b == -1) {
      return -a; // also MIN_VALUE / -1 = MIN_VALUE, without Java's ArithmeticException path
    }
    return a / b;
  }

  public static long divu(long a, long b) {
    return b == 0 ? -1 : Long.divideUnsigned(a, b);
  }

  /** Remainder by zero gives the dividend; MIN_VALUE % -1 gives 0. */
  public static long rem(long a, long b) {
    if (b == 0) {
      return a;
    }
    if (b == -1) {
      return 0;
    }
    return a % b;
  }

  public static long remu(long a, long b) {
    return b == 0 ? a : Long.remainderUnsigned(a, b);
  }

  public static long mulw(long a, long b) {
    return (int) a * (int) b;
  }

  public static long divw(long a, long b) {
    int x = (int) a;
    int y = (int) b;
    if (y == 0) {
      return -1;
    }
    if (y == -1) {
      return -x;
    }
    return x / y;
  }

  public static long divuw(long a, long b) {
    int y = (int) b;
    return y == 0 ? -1 : Integer.divideUnsigned((int) a, y);
  }

  public static long remw(long a, long b) {
    int x = (int) a;
    int y = (int) b;
    if (y == 0) {
      return x;
    }
    if (y == -1) {
      return 0;
    }
    return x % y;
  }

  public static long remuw(long a, long b) {
    int y = (int) b;
    return y == 0 ? (int) a : Integer.remainderUnsigned((int) a, y);
  }

  public static boolean beq(long a, long b) {
    return a == b;
  }

  public static boolean bne(long a, long b) {
    return a != b;
  }

  public static boolean blt(long a, long b) {
    return a < b;
  }

  public static boolean bge(long a, long b) {
    return a >= b;
  }

  public static boolean bltu(long a, long b) {
    return (a + Long.MIN_VALUE) < (b + Long.MIN_VALUE);
  }

  public static boolean bgeu(long a, long b) {
    return (a + Long.MIN_VALUE) >= (b + Long.MIN_VALUE);
  }
}
