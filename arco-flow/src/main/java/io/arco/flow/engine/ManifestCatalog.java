package io.arco.flow.engine;

import io.arco.flow.model.Scope;
import io.arco.flow.plan.Manifest;
import io.arco.flow.plan.StoredManifestDocument;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.ManifestRecord;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deployed manifests of one workspace as parsed documents: the latest (runs are planned
 * against it) and any by id (the poll payload reads the run's own manifest). Backed by the store;
 * parsed documents are cached. Thread-safe.
 */
final class ManifestCatalog {
  private final Scope scope;
  private final EventStore store;
  private final Map<String, StoredManifestDocument> byId = new ConcurrentHashMap<>();
  /** manifest id → asset key → the asset's {@code execution} object as JSON text (derived). */
  private final Map<String, Map<String, String>> executions = new ConcurrentHashMap<>();
  private volatile Optional<StoredManifestDocument> latest;

  ManifestCatalog(Scope scope, EventStore store) {
    this.scope = scope;
    this.store = store;
    reset();
  }

  /** Forgets cached documents (after a failed batch the store is the truth again). */
  void reset() {
    byId.clear();
    executions.clear();
    latest = null;
  }

  Optional<StoredManifestDocument> latestDocument() {
    Optional<StoredManifestDocument> l = latest;
    if (l == null) {
      l = store.latestManifest(scope).map(this::parse);
      latest = l;
    }
    return l;
  }

  Optional<Manifest> latest() {
    return latestDocument().map(StoredManifestDocument::manifest);
  }

  Optional<StoredManifestDocument> byId(String manifestId) {
    StoredManifestDocument d = byId.get(manifestId);
    if (d != null) {
      return Optional.of(d);
    }
    return store.manifest(scope, manifestId).map(this::parse);
  }

  /**
   * The {@code execution} object of an asset of a deployed manifest as JSON text, looked up in an
   * index built once per manifest (a lease hands one to every task it leases; a 1,000-asset
   * manifest is otherwise searched and re-serialised per task).
   */
  Optional<String> executionJson(String manifestId, String assetKey) {
    Map<String, String> index = executions.get(manifestId);
    if (index == null) {
      Optional<StoredManifestDocument> doc = byId(manifestId);
      if (doc.isEmpty()) {
        return Optional.empty();
      }
      Map<String, io.arco.flow.plan.ManifestAsset> first = new java.util.HashMap<>();
      doc.get().manifest().assets().forEach(a -> first.putIfAbsent(a.key(), a));
      Map<String, String> built = new java.util.HashMap<>();
      first.forEach((key, a) -> a.opaque().execution().ifPresent(e -> built.put(key, e.toString())));
      index = Map.copyOf(built);
      executions.put(manifestId, index);
    }
    return Optional.ofNullable(index.get(assetKey));
  }

  /** Records a manifest deployed by the batch being committed. */
  void deployed(StoredManifestDocument doc) {
    byId.put(doc.manifestId(), doc);
    latest = Optional.of(doc);
  }

  private StoredManifestDocument parse(ManifestRecord r) {
    StoredManifestDocument d = StoredManifestDocument.parse(r.document());
    byId.put(d.manifestId(), d);
    return d;
  }
}
