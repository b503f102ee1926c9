/**
 * The automation commands of the {@code arco} command line ({@code backfill}, {@code schedules},
 * {@code sensors}, {@code partitions}, {@code staleness}): each is a client command on {@link
 * io.arco.api.cli.client.ClientCommand} that sends one kind of request to a running server and
 * prints the answer as a table or as the API's JSON.
 */
package io.arco.api.cli.automation;
