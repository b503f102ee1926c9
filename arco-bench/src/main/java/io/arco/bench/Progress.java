package io.arco.bench;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Progress lines of the benchmark mains, on standard error so that standard output is the report. */
final class Progress {
  private Progress() {}

  static void log(String msg) {
    System.err.println("[" + DateTimeFormatter.ISO_LOCAL_TIME.format(LocalTime.now().withNano(0)) + "] " + msg);
    System.err.flush();
  }
}
