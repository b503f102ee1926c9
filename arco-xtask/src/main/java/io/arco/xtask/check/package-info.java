/**
 * What every xtask check produces: {@link io.arco.xtask.check.Finding}s anchored to a file and
 * line, gathered into a {@link io.arco.xtask.check.CheckReport} that prints them in the one format
 * CI logs and editors understand.
 */
package io.arco.xtask.check;
