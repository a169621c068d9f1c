"""Real browser: the what-if map restyles at once when one OPD's ceiling changes (issue 15)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

MERAH, HIJAU = "#d7191c", "#1a9641"


def _tunggu_berubah(halaman, lama: str | None) -> str:
    halaman.wait_for_function(
        "(lama) => { const el = document.querySelector('.pr-peta-data');"
        " return el && el.dataset.warna && el.dataset.warna !== lama; }",
        arg=lama,
        timeout=60_000,
    )
    return halaman.evaluate("() => document.querySelector('.pr-peta-data').dataset.warna")


def test_peta_whatif_berubah_saat_plafon_turun(server, halaman, tmp_path):
    lapisan: list[str] = []
    halaman.on("request", lambda r: lapisan.append(r.url) if "/app/static/lapisan/" in r.url else None)
    halaman.goto(f"{server}/sinkronisasi?tahun=2027")
    halaman.locator(".pr-peta-data .leaflet-interactive").first.wait_for(timeout=90_000)
    awal = _tunggu_berubah(halaman, None).split(",")
    assert set(awal) == {MERAH, HIJAU}  # the demo ceilings (90 % per OPD) leave some usulan out
    n_geometri = len(lapisan)

    pilih = halaman.get_by_role("combobox", name="Coba ubah plafon satu perangkat daerah")
    pilih.scroll_into_view_if_needed()
    pilih.click()
    halaman.keyboard.type("Pekerjaan")
    halaman.keyboard.press("Enter")
    kotak = halaman.get_by_label("Plafon coba (Rp)")
    kotak.wait_for(timeout=30_000)
    kotak.fill("0")
    kotak.press("Enter")
    sesudah = _tunggu_berubah(halaman, ",".join(awal)).split(",")
    assert sesudah.count(MERAH) > awal.count(MERAH)  # every PU usulan now falls out
    assert len(sesudah) == len(awal) and len(lapisan) == n_geometri  # colours only: no geometry sent again
    halaman.screenshot(path=str(tmp_path / "sinkronisasi.png"), full_page=True)
