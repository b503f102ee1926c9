/** Workspace settings routes: the run queue's concurrency limits (decisions §2.7, §6.6). */
package io.arco.api.settings;
