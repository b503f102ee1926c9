package io.arco.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arco.bench.LoadBenchmark.Op;
import org.junit.jupiter.api.Test;

class LoadBenchmarkTest {
  @Test
  void theMixGivesEachOpItsWeightAndUnnamedOpsNone() {
    int[] w = LoadBenchmark.parseMix("trigger=1, poll=4,get-run=3");

    assertThat(w[Op.TRIGGER.ordinal()]).isEqualTo(1);
    assertThat(w[Op.GET_RUN.ordinal()]).isEqualTo(3);
    assertThat(w[Op.LIST_RUNS.ordinal()]).isZero();
    assertThat(w[Op.POLL.ordinal()]).isEqualTo(4);
  }

  @Test
  void drawsFallInTheCumulativeRangeOfTheirOp() {
    int[] w = LoadBenchmark.parseMix("trigger=1,get-run=3,list-runs=0,poll=4");

    assertThat(LoadBenchmark.pick(w, 0)).isEqualTo(Op.TRIGGER);
    assertThat(LoadBenchmark.pick(w, 1)).isEqualTo(Op.GET_RUN);
    assertThat(LoadBenchmark.pick(w, 3)).isEqualTo(Op.GET_RUN);
    assertThat(LoadBenchmark.pick(w, 4)).isEqualTo(Op.POLL);
    assertThat(LoadBenchmark.pick(w, 7)).isEqualTo(Op.POLL);
    assertThatThrownBy(() -> LoadBenchmark.pick(w, 8)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMixWithoutTriggersOrWithAnUnknownOpIsRefused() {
    assertThatThrownBy(() -> LoadBenchmark.parseMix("get-run=1,poll=1"))
        .hasMessageContaining("trigger needs a weight above 0");
    assertThatThrownBy(() -> LoadBenchmark.parseMix("trigger=1,cancel=2")).hasMessageContaining("unknown op 'cancel'");
    assertThatThrownBy(() -> LoadBenchmark.parseMix("trigger")).hasMessageContaining("expected op=weight");
  }
}
