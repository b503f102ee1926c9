package io.arco.flow.plan;

import java.util.Objects;

/**
 * An asset key as a manifest writes it, {@code {namespace, name}} (api-contract §2.1), kept
 * verbatim so the stored manifest and its fingerprint echo the request. Its canonical form is
 * {@code AssetKeys.canonicalize(namespace + "/" + name)}.
 */
public record AssetKeyRef(String namespace, String name) {
  public AssetKeyRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }
}
