"""Benchmarks stay runnable: each script imports cleanly against the current API (nothing is timed here)."""

import importlib.util
from pathlib import Path

import pytest

AKAR = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("path", sorted((AKAR / "benchmarks").glob("*.py")), ids=lambda p: p.name)
def test_skrip_tolok_ukur_dapat_diimpor(path, monkeypatch):
    monkeypatch.syspath_prepend(str(AKAR / "benchmarks"))
    spec = importlib.util.spec_from_file_location(f"_bench_{path.stem}", path)
    modul = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modul)  # module level only; the work is under `if __name__ == "__main__"`
    assert callable(getattr(modul, "main", None)) or path.stem == "sintetis"
