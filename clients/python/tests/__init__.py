"""The SDK's test suites (``python3 -m unittest discover -s clients/python/tests -t clients/python``)."""
