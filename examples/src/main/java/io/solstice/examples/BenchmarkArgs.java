package io.solstice.examples;

/** {@code --name=value} arguments of the benchmarks, with defaults. */
public final class BenchmarkArgs {
  private final String[] args;

  public BenchmarkArgs(String[] args) {
    this.args = args;
  }

  public int intArg(String name, int defaultValue) {
    return Integer.parseInt(stringArg(name, String.valueOf(defaultValue)));
  }

  public long longArg(String name, long defaultValue) {
    return Long.parseLong(stringArg(name, String.valueOf(defaultValue)));
  }

  public String stringArg(String name, String defaultValue) {
    for (String arg : args) {
      if (arg.startsWith("--" + name + "=")) {
        return arg.substring(name.length() + 3);
      }
    }
    return defaultValue;
  }
}
