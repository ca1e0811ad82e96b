package dev.rvjit.vm;

/** How a guest run ended. */
public final class Outcome {
  /** The exit status a shell would see. */
  public final int status;
  /** One-line description of an abnormal end (fault, illegal instruction, limit), else null. */
  public final String message;
  /** Instructions retired. */
  public final long instret;
  /** Wall-clock time of the guest run (loading excluded), in nanoseconds. */
  public final long nanos;

  public Outcome(int status, String message, long instret, long nanos) {
    this.status = status;
    this.message = message;
    this.instret = instret;
    this.nanos = nanos;
  }
}
