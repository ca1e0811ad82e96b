package dev.rvjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.cpu.LimitReached;
import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Opcode;
import dev.rvjit.testing.RawMachine;
import dev.rvjit.testing.RawMachine.Tier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Another thread can stop a guest that never leaves a loop (what --timeout and host signals use),
 * in every tier, including a loop closed by an indirect jump inside one compiled unit.
 */
class InterruptTest {
  @ParameterizedTest
  @EnumSource(Tier.class)
  void infiniteLoopsStopWhenInterrupted(Tier t) throws Exception {
    // loop: addi t0,t0,1 ; j loop                 (a direct backward jump)
    checkStops(new RawMachine(t).code(Asm.i(Opcode.ADDI, 5, 5, 1), Asm.jal(0, -4)));
    // auipc t1,0 ; loop: addi t0,t0,1 ; jalr x0,0(t1)+4   (an indirect backward jump)
    checkStops(new RawMachine(t).code(Asm.auipc(6, 0), Asm.i(Opcode.ADDI, 5, 5, 1),
        Asm.jalr(0, 6, 4)));
  }

  private static void checkStops(RawMachine m) throws Exception {
    Thread stopper = new Thread(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return;
      }
      m.hart.interrupt(new LimitReached("test interrupt"));
    });
    stopper.start();
    RawMachine.Result r = m.run(Long.MAX_VALUE);
    stopper.join();
    assertTrue(r.trap instanceof LimitReached, r.outcome);
    assertEquals(124, r.trap.exitStatus());
    assertTrue(r.hart.instret > 1000, "the loop ran for a while: " + r.hart.instret);
  }
}
