#!/bin/sh
# Pretends to build analytics.$1 from raw events.
set -eu
echo "building analytics.$1 from raw.events"
sleep 0.3
printf '{"deltaTable":"analytics.%s","deltaVersion":1}\n' "$1" > "$ARCO_OUTPUT_FILE"
