package io.arco.flow.engine;

import io.arco.flow.event.EventEnvelope;
import io.arco.flow.store.SideWrite;
import java.util.ArrayList;
import java.util.List;

/** The applied events and side writes of one group commit. */
final class Batch {
  final List<EventEnvelope> events = new ArrayList<>();
  final List<SideWrite> sideWrites = new ArrayList<>();
}
