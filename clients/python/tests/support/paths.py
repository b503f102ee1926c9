"""Where things are, from the repository root down."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = TESTS / "fixtures"
EXPECTED = TESTS / "expected"
REPO = TESTS.parents[2]
EXAMPLE = REPO / "examples" / "python" / "shop.py"
