/**
 * The web UI's static files: {@code GET /} redirects to {@code /ui}, {@code GET /ui} answers the
 * page (never cached) and {@code GET /ui/{version}/...} its scripts and styles (cached for good,
 * the version being a hash of their content). The UI itself runs in the browser and calls only the
 * public API; nothing here reaches the engine.
 */
package io.arco.api.ui;
