#!/bin/sh
# Fails on its first attempt (like a flaky network) and succeeds on the retry.
set -eu
if [ "$ARCO_ATTEMPT" -lt 2 ]; then
  echo "export endpoint timed out (attempt $ARCO_ATTEMPT); Arco will retry" >&2
  exit 75
fi
echo "exported analytics.daily_summary on attempt $ARCO_ATTEMPT"
