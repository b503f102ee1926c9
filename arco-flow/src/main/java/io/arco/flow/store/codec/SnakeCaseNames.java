package io.arco.flow.store.codec;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Mix-in that gives a record snake_case property names ({@code attemptId} → {@code attempt_id})
 * without annotating the record itself.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
abstract class SnakeCaseNames {
  private SnakeCaseNames() {}
}
