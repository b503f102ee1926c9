#!/bin/sh
# Pretends to extract $2 rows of $1 from a source system.
set -eu
name="$1"; rows="${2:-100}"
echo "extracting $rows rows of $name for run $ARCO_RUN_ID (attempt $ARCO_ATTEMPT)"
sleep 0.3
printf '{"deltaTable":"raw.%s","deltaVersion":1,"rowCount":%s}\n' "$name" "$rows" > "$ARCO_OUTPUT_FILE"
echo "done"
