"""AppTest of a second-read fix: every page of the role is listed in the sidebar (no English "View 6 more" link
hiding Sinkronisasi and DIPA & Renja from a Bappeda user)."""

from __future__ import annotations

import pytest
import streamlit

from tests.pages.bantu import buka

pytestmark = pytest.mark.apptest


@pytest.mark.lambat
def test_menu_halaman_terbuka_penuh(data_demo, monkeypatch):
    asli = streamlit.navigation
    panggilan: list[dict] = []

    def catat(halaman, **kwargs):
        panggilan.append({"n": len(halaman), **kwargs})
        return asli(halaman, **kwargs)

    monkeypatch.setattr(streamlit, "navigation", catat)
    buka("beranda", peran="bappeda")
    menu = [p for p in panggilan if p["n"] > 12]  # the logged-in menu of a role with many pages
    assert menu and all(p.get("expanded") is True for p in menu), panggilan
