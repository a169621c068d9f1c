"""Real browser: the forum's place clicked on the offline map of the Persiapan Forum page."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_klik_peta_mengisi_lokasi_baru(server, halaman):
    halaman.goto(f"{server}/persiapan")
    saklar = halaman.get_by_role("switch", name="Atur lokasi forum di peta")
    saklar.wait_for(timeout=90_000)
    saklar.set_checked(True, force=True)
    # the page's other map is the schedule's status map: this one carries the forum's current pin
    peta = halaman.locator(".pr-peta-data").filter(has=halaman.locator("path.pr-pin"))
    peta.wait_for(timeout=90_000)
    awal = peta.locator("path.pr-pin").first.get_attribute("d")
    halaman.wait_for_timeout(800)
    kotak = peta.bounding_box()
    halaman.mouse.click(kotak["x"] + kotak["width"] * 0.5, kotak["y"] + kotak["height"] * 0.5)
    teks = halaman.get_by_text(re.compile(r"Lokasi baru: bujur -?[\d.]+, lintang -?[\d.]+"))
    teks.wait_for(timeout=60_000)  # the click reached Python in one run, and the save button is offered
    assert halaman.get_by_role("button", name="Simpan lokasi").is_visible()
    halaman.wait_for_function(  # the pin moved to the click
        "a => [...document.querySelectorAll('.pr-peta-data path.pr-pin')].every(p => p.getAttribute('d') !== a)",
        arg=awal,
        timeout=30_000,
    )
