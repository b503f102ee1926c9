/** The command line: {@code arco serve} and the transition log it prints. */
package io.arco.api.cli;
