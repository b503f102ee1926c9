package io.arco.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MachineTest {
  @Test
  void theBusyShareIsTheBusyTicksOverAllTicksBetweenTwoReadings() {
    Machine.CpuTicks before = new Machine.CpuTicks(1_000, 4_000);
    Machine.CpuTicks after = new Machine.CpuTicks(1_150, 4_200);

    assertThat(after.busySince(before)).isEqualTo(0.75);
    assertThat(before.busySince(before)).isZero();
  }

  @Test
  void onLinuxTheReadingCountsBusyTicksWithinAllTicksAndNeverGoesBack() {
    assumeThat(Files.isReadable(Path.of("/proc/stat"))).isTrue();

    Machine.CpuTicks first = Machine.cpuTicks().orElseThrow();
    Machine.CpuTicks second = Machine.cpuTicks().orElseThrow();

    assertThat(first.busy()).isPositive().isLessThanOrEqualTo(first.total());
    assertThat(second.total()).isGreaterThanOrEqualTo(first.total());
    assertThat(second.busySince(first)).isBetween(0.0, 1.0);
  }
}
