package io.arco.flow.plan;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The members of dynamic partition sets by set name (decisions §2.5, §6.6), as of one moment. The
 * engine passes the fold's view ({@code FoldState.dynamicMembers()}); tests pass a lambda.
 */
@FunctionalInterface
public interface DynamicMembers {
  /** The sorted members of {@code setName}; empty for an unknown set. */
  SortedSet<String> members(String setName);

  /** No dynamic sets at all. */
  DynamicMembers NONE = name -> new TreeSet<>();
}
