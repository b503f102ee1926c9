/**
 * {@code evidence}: runs the gated suite and writes the dated verification-evidence note with the
 * real outcomes. Processes go through {@link io.arco.xtask.evidence.CommandRunner} and time
 * through an {@link java.time.InstantSource}, so tests run it without Maven or a real clock.
 */
package io.arco.xtask.evidence;
