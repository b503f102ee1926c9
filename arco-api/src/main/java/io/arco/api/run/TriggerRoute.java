package io.arco.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.ApiException;
import io.arco.api.http.Http;
import io.arco.api.http.JsonBody;
import io.arco.api.http.RequestContext;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.TriggerResult;
import io.arco.flow.model.PartitionPair;
import io.arco.flow.model.TriggerRequest;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /runs} (api-contract §3.1): parses the lenient trigger body (runKey falls back to the
 * {@code Idempotency-Key} header), then one engine call; 201 for a new run, 200 for the run of a
 * matching run_key.
 */
final class TriggerRoute {
  private TriggerRoute() {}

  static void handle(Context ctx, Engine engine) {
    JsonBody body = JsonBody.read(ctx, JsonBody.DEFAULT_LIMIT);
    TriggerRequest req = parse(body, Optional.ofNullable(ctx.header("Idempotency-Key")));
    RequestContext rc = Http.workspace(ctx);
    TriggerResult r = engine.triggerRun(rc.scope(), req, rc.principal());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("runId", r.runId());
    out.put("planId", r.planId());
    out.put("state", r.state().name());
    out.put("created", r.created());
    out.put("createdAt", r.createdAt());
    Http.json(ctx, r.created() ? 201 : 200, out);
  }

  static TriggerRequest parse(JsonBody body, Optional<String> idempotencyKey) {
    List<PartitionPair> partitions = new ArrayList<>();
    Optional<JsonNode> raw = body.raw("partitions");
    if (raw.isPresent()) {
      if (!raw.get().isArray()) {
        throw ApiException.unprocessable("partitions", "expected an array of {key, value}");
      }
      for (int i = 0; i < raw.get().size(); i++) {
        JsonNode p = raw.get().get(i);
        if (!p.isObject()) {
          throw ApiException.unprocessable("partitions[" + i + "]", "expected an object");
        }
        JsonBody pb = JsonBody.of(p);
        String key;
        String value;
        try {
          key = pb.requiredString("key");
          value = pb.requiredString("value");
        } catch (ApiException e) {
          String field = e.error().message().contains("'key'") ? "key" : "value";
          throw ApiException.unprocessable("partitions[" + i + "]." + field, "expected a string");
        }
        partitions.add(new PartitionPair(key, value));
      }
    }
    return new TriggerRequest(
        body.stringList("selection"),
        body.bool("includeUpstream", false),
        body.bool("includeDownstream", false),
        partitions,
        body.optionalString("partitionKey"),
        body.optionalString("runKey").or(() -> idempotencyKey),
        body.stringMap("labels"));
  }
}
