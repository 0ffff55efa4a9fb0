package dev.levier.bench;

/** Reading the load programs' command-line values, with messages that name the option. */
final class Args {
  private Args() {}

  /**
   * A program's options parsed from its arguments; on a mistake, prints what is wrong and the
   * usage, and exits with 2.
   */
  static <T> T parseOrExit(
      String[] args, java.util.function.Function<String[], T> parse, String usage) {
    try {
      return parse.apply(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(usage);
      System.exit(2);
      throw new IllegalStateException("exit returned", e);
    }
  }

  /** The value after option {@code args[i - 1]}. */
  static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  /** The whole number after option {@code args[i - 1]}, at least {@code min}. */
  static int number(String[] args, int i, int min) {
    String text = value(args, i);
    try {
      int n = Integer.parseInt(text);
      if (n < min || n > 10_000_000) {
        throw new IllegalArgumentException(args[i - 1] + " must be from " + min + " to 10000000");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(args[i - 1] + " must be a whole number", e);
    }
  }

  /**
   * {@code --client-threads platform|virtual}: whether the load's connections run on virtual
   * threads.
   */
  static boolean virtualThreads(String[] args, int i) {
    if (i < args.length && args[i].equals("virtual")) {
      return true;
    }
    if (i < args.length && args[i].equals("platform")) {
      return false;
    }
    throw new IllegalArgumentException("--client-threads must be platform or virtual");
  }
}
