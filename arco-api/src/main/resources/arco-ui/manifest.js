// The asset graph of a stored manifest: canonical keys and upstream edges.
import { api, ws } from './api.js';

export const assetKey = (k) => (typeof k === 'string' ? k : k.namespace + '.' + k.name);

/** `{assets: [{key, asset}], edges: [[upstream, downstream]], manifest}` of a stored manifest. */
export function assetGraph(manifest) {
  const assets = (manifest.assets || []).map((a) => ({ key: assetKey(a.key), asset: a }));
  const known = new Set(assets.map((a) => a.key));
  const edges = [];
  for (const { key, asset } of assets) {
    for (const d of asset.dependencies || []) {
      const up = assetKey(d.upstreamKey);
      if (known.has(up)) edges.push([up, key]);
    }
  }
  return { assets, edges, manifest };
}

const cache = new Map();

/** The stored manifest of a code version (the newest deployed with it), else the latest one. */
export async function manifestFor(codeVersion) {
  const list = (await api.get(ws('/manifests'))).manifests || [];
  if (list.length === 0) return null;
  const pick = (codeVersion && list.find((m) => m.codeVersionId === codeVersion)) || list[0];
  if (!cache.has(pick.manifestId)) cache.set(pick.manifestId, await api.get(ws('/manifests/' + encodeURIComponent(pick.manifestId))));
  return cache.get(pick.manifestId);
}
