package io.arco.flow.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class EventTypesTest {

  @Test
  void allNamesEveryPermittedEventClassExceptUnknown() {
    List<Class<?>> permitted =
        Arrays.stream(Event.class.getPermittedSubclasses())
            .filter(c -> c != UnknownEvent.class)
            .toList();
    assertThat(EventTypes.ALL.stream().<Class<?>>map(EventTypes.Names::type).toList())
        .containsExactlyInAnyOrderElementsOf(permitted);
  }

  @Test
  void wireNamesAreUniqueAndTheTagIsTheSnakeCaseOfTheEventType() {
    assertThat(EventTypes.ALL.stream().map(EventTypes.Names::eventType)).doesNotHaveDuplicates();
    assertThat(EventTypes.ALL.stream().map(EventTypes.Names::tag)).doesNotHaveDuplicates();
    for (EventTypes.Names n : EventTypes.ALL) {
      String snake = n.eventType().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
      assertThat(n.tag()).isEqualTo(snake);
    }
  }
}
