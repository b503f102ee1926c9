package io.arco.api.run;

import io.arco.api.http.ApiException;
import io.arco.api.http.Http;
import io.arco.api.http.RequestContext;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.LiveLogText;
import io.arco.flow.engine.LogStream;
import io.javalin.http.Context;

/**
 * {@code GET /api/v1/workspaces/{ws}/runs/{runId}/logs/live?taskKey=&attempt=&stream=&offset=} (an
 * addition): an attempt's live output from a byte offset as {@code text/plain}, with the offset to
 * read from next in {@code x-arco-next-offset} and {@code x-arco-log-complete: true} once the
 * attempt has finished and nothing follows. The contract's {@code GET .../logs} is unchanged.
 */
final class LiveLogRoute {
  static final String NEXT_OFFSET = "x-arco-next-offset";
  static final String COMPLETE = "x-arco-log-complete";

  private LiveLogRoute() {}

  static void handle(Context ctx, Engine engine) {
    RequestContext rc = Http.workspace(ctx);
    String taskKey =
        Http.query(ctx, "taskKey").orElseThrow(() -> ApiException.badRequest("taskKey is required"));
    String attemptText =
        Http.query(ctx, "attempt").orElseThrow(() -> ApiException.badRequest("attempt is required"));
    int attempt = (int) number(attemptText, "attempt", Integer.MAX_VALUE);
    LogStream stream =
        Http.query(ctx, "stream")
            .map(
                s ->
                    LogStream.parse(s)
                        .orElseThrow(() -> ApiException.badRequest("invalid query parameter 'stream'")))
            .orElse(LogStream.STDOUT);
    long offset = Http.query(ctx, "offset").map(o -> number(o, "offset", Long.MAX_VALUE)).orElse(0L);
    LiveLogText t =
        engine.readLiveLog(rc.scope(), ctx.pathParam("runId"), taskKey, attempt, stream, offset);
    ctx.header(NEXT_OFFSET, Long.toString(t.nextOffset()));
    ctx.header(COMPLETE, Boolean.toString(t.complete()));
    ctx.status(200).contentType("text/plain; charset=utf-8").result(t.text());
  }

  /** A non-negative decimal up to {@code max}; 400 {@code invalid query parameter '{name}'} otherwise. */
  private static long number(String raw, String name, long max) {
    try {
      long v = Long.parseLong(raw);
      if (v >= 0 && v <= max && raw.chars().allMatch(Character::isDigit)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest("invalid query parameter '" + name + "'");
  }
}
