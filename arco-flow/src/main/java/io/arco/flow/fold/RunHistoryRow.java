package io.arco.flow.fold;

import io.arco.flow.model.PublicRunState;

/** One finished run of a run-list page: its row and the state the API shows for it. */
public record RunHistoryRow(RunRow run, PublicRunState publicState) {}
