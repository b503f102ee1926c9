/** Client commands of the {@code arco} command line: they talk to a server over HTTP. */
package io.arco.api.cli.client;
