#!/bin/sh
# Runs the Python SDK's suites from the repository root:
#   python3 -m unittest discover -s clients/python/tests -t clients/python   (PYTHONPATH=clients/python/src)
# Extra arguments go to unittest (e.g. -v, or -k quick_start). `./mvn21 -B verify` runs this in the
# verify phase of the clients/python module. Without a python3 of version 3.11 or newer the suites
# are skipped with a message saying so, unless ARCO_PYTHON_REQUIRED=1, which makes that an error.
# ARCO_PYTHON names another interpreter.
set -eu
cd "$(dirname "$0")/../.."
python="${ARCO_PYTHON:-python3}"

skip() {
  if [ "${ARCO_PYTHON_REQUIRED:-0}" = 1 ]; then
    echo "error: the Python SDK suites cannot run: $1" >&2
    exit 1
  fi
  echo "SKIPPED: the Python SDK suites (clients/python/tests) did not run: $1. Install Python 3.11 or newer to run them."
  exit 0
}

command -v "$python" >/dev/null 2>&1 || skip "$python is not on PATH"
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
  || skip "$("$python" --version 2>&1) is older than 3.11"

echo "Python SDK suites: $("$python" --version 2>&1), python3 -m unittest discover -s clients/python/tests -t clients/python"
PYTHONPATH="clients/python/src${PYTHONPATH:+:$PYTHONPATH}" exec "$python" -m unittest discover -s clients/python/tests -t clients/python "$@"
