package io.arco.api.cli.automation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionListTest {
  @Test
  void plainValuesAndOneDimensionKeysSplitOnEveryComma() {
    assertThat(PartitionList.split("2025-01-01,2025-01-02")).containsExactly("2025-01-01", "2025-01-02");
    assertThat(PartitionList.split("date=d:2025-01-01,date=d:2025-01-02"))
        .containsExactly("date=d:2025-01-01", "date=d:2025-01-02");
  }

  @Test
  void multiDimensionalCanonicalKeysKeepTheirCommasWhileDimensionNamesAscend() {
    assertThat(PartitionList.split("date=d:2025-01-01,region=s:ZXU,date=d:2025-01-01,region=s:dXM"))
        .containsExactly("date=d:2025-01-01,region=s:ZXU", "date=d:2025-01-01,region=s:dXM");
    assertThat(PartitionList.split("a=s:eA,b=s:eQ,c=s:eg,b=s:eQ"))
        .containsExactly("a=s:eA,b=s:eQ,c=s:eg", "b=s:eQ");
  }

  @Test
  void aPlainValueAfterAKeyStartsANewKeyAndEmptySegmentsAreKeptForTheServerToRefuse() {
    assertThat(PartitionList.split("date=d:2025-01-01,2025-01-02,x")).containsExactly("date=d:2025-01-01", "2025-01-02", "x");
    assertThat(PartitionList.split("a,,b")).containsExactly("a", "", "b");
  }
}
