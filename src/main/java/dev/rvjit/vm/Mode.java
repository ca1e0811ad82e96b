package dev.rvjit.vm;

/** Which execution tiers a run may use. */
public enum Mode {
  /** Interpreter only. */
  INTERP,
  /** Interpreter with profiling; hot code is compiled to JVM bytecode. */
  JIT
}
