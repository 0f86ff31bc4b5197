"""A short run of scripts/load.py: the realistic mix answers without a single error.

No timing is asserted here (`make load` prints the figures the README quotes).
"""
import os
import subprocess  # nosec B404
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")),
                    reason="the script serves its own copy of the demo data on SQLite")
def test_short_load_run_has_no_error():
    result = subprocess.run(  # nosec B603
        [sys.executable, "scripts/load.py", "--serve", "--users", "5", "--requests", "120",
         "--duration", "60", "--think", "0", "--ramp", "0"],
        cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "errors: 0" in result.stdout
