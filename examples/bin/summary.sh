#!/bin/sh
# Joins sessions, page views and users into one daily partition and reports what it wrote.
set -eu
partition="${ARCO_PARTITION_KEY:-}"
if [ -z "$partition" ]; then
  partition="date=d:$(date -u +%Y-%m-%d)"
fi
version=$(date -u +%s)
echo "writing analytics.daily_summary partition $partition as version $version"
sleep 0.3
printf '{"deltaTable":"analytics.daily_summary","deltaVersion":%s,"deltaPartition":"%s","rowCount":42,"materializationId":"mat-%s-%s"}\n' \
  "$version" "$partition" "$ARCO_RUN_ID" "$ARCO_ATTEMPT" > "$ARCO_OUTPUT_FILE"
