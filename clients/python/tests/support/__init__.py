"""Helpers shared by the suites: paths, a real ``arco serve`` and polling."""
