package io.solstice.examples.streaming;

import java.util.Locale;

/**
 * One pane of a windowed count as the example writes it to its output topic: the record key is
 * the counted key, the value this class's CSV form. The benchmark and the test read panes back
 * with {@link #parse}.
 *
 * @param timing EARLY, ON_TIME or LATE, as Beam's {@code PaneInfo.Timing} names it
 * @param latestEventMillis the newest event time counted in the pane; the benchmark measures
 *     latency from it
 */
public record WindowPane(
    String key,
    long windowStartMillis,
    long windowEndMillis,
    String timing,
    long paneIndex,
    long count,
    long latestEventMillis) {

  public String toCsv() {
    return String.format(
        Locale.ROOT,
        "%d,%d,%s,%d,%d,%d",
        windowStartMillis,
        windowEndMillis,
        timing,
        paneIndex,
        count,
        latestEventMillis);
  }

  public static WindowPane parse(String key, String csv) {
    String[] fields = csv.split(",");
    if (fields.length != 6) {
      throw new IllegalArgumentException("Not a window pane: '" + csv + "'");
    }
    return new WindowPane(
        key,
        Long.parseLong(fields[0]),
        Long.parseLong(fields[1]),
        fields[2],
        Long.parseLong(fields[3]),
        Long.parseLong(fields[4]),
        Long.parseLong(fields[5]));
  }
}
