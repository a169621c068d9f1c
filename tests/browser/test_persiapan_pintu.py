"""Real browser: attendance at the door on the Persiapan Forum page — search a name, tick, add a walk-in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from geo.services import acara as sa
from geo.services import peserta as sp
from geo.store.db import Gudang
from tests.akun import pelaku

pytestmark = pytest.mark.browser


@pytest.fixture
def undangan_pintu(data_demo) -> dict:
    """A held kecamatan forum of the demo with invitations and no attendance yet, and one invitee.

    Read before the server starts (listed before ``server`` in the test's arguments).
    """
    g = Gudang(data_demo)
    try:
        j = sa.jadwal(g, "99.01", 2027).acara
        a = j[(j["tahap"] == "kecamatan") & (j["kode_forum"] == "99.01.03")].iloc[0]
        daftar = sp.undangan(g, pelaku("bappeda"), int(a["id"]))
        assert sp.daftar_hadir(g, pelaku("bappeda"), int(a["id"])).empty
    finally:
        g.tutup()
    satu = daftar.sort_values("kontak_id").iloc[0]
    return {"forum": str(a["nama"]), "nama": str(satu["nama"]), "diundang": len(daftar)}


def _metrik(halaman, label: str):
    return halaman.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')


def test_cari_centang_dan_datang_sendiri(undangan_pintu, server, halaman, tmp_path):
    u = undangan_pintu
    halaman.goto(f"{server}/persiapan")
    halaman.get_by_role("tab", name="Daftar hadir").click()
    pilih = halaman.locator(".st-key-acara_pilih")
    pilih.wait_for(timeout=90_000)
    pilih.click()
    halaman.keyboard.type(f"{u['forum']} (kecamatan)")
    halaman.get_by_role("option", name=re.compile(rf"{re.escape(u['forum'])} \(kecamatan\)")).first.click()
    _metrik(halaman, "Diundang").filter(has_text=str(u["diundang"])).wait_for(timeout=60_000)

    # search by part of the name, tick: recorded, and the search box is emptied for the next person
    cari = halaman.locator(".st-key-cari_hadir input")
    cari.fill(u["nama"].split()[0].lower())
    cari.press("Enter")
    tombol = halaman.get_by_role("button", name=re.compile(rf"^Hadir: {re.escape(u['nama'])} ·")).first
    tombol.click()
    halaman.get_by_text(f"{u['nama']} tercatat hadir.").wait_for(timeout=60_000)
    assert cari.input_value() == ""
    _metrik(halaman, "Hadir").filter(has_text="1").first.wait_for(timeout=30_000)

    # a walk-in
    form = halaman.locator('[data-testid="stForm"]').filter(has_text="Peserta datang sendiri")
    form.get_by_label("Nama").fill("Warga Uji Pintu")
    form.get_by_text("P", exact=True).click()
    form.get_by_role("button", name="Tambah peserta").click()
    halaman.get_by_text("Warga Uji Pintu ditambahkan (datang sendiri).").wait_for(timeout=60_000)
    _metrik(halaman, "Datang tanpa undangan").filter(has_text="1").wait_for(timeout=30_000)
    halaman.screenshot(path=str(tmp_path / "persiapan-pintu.png"), full_page=True)
    # the attendance table offers no CSV download of its own (names; formula text): only the app's exports
    tabel = halaman.locator('[data-testid="stDataFrame"]').first
    tabel.hover()
    halaman.wait_for_timeout(500)
    assert halaman.get_by_role("button", name="Download as CSV").count() == 0


def test_lokasi_forum_diklik_di_peta(server, halaman, tmp_path):
    halaman.goto(f"{server}/persiapan")
    halaman.get_by_text("Atur lokasi forum di peta").click()
    peta = halaman.locator(".pr-peta-data").last  # below the schedule map
    peta.locator("path.leaflet-interactive").first.wait_for(timeout=90_000)
    # the page is idle (the toggle's rerun has finished) before the map is clicked
    halaman.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)
    halaman.wait_for_timeout(800)
    kotak = peta.bounding_box()
    teks = halaman.get_by_text(re.compile(r"^Lokasi baru: bujur"))
    for _ in range(3):  # a click that lands while the page reruns is not taken: click again
        halaman.mouse.click(kotak["x"] + kotak["width"] * 0.45, kotak["y"] + kotak["height"] * 0.55)
        try:
            teks.wait_for(timeout=20_000)
            break
        except PlaywrightTimeout:
            continue
    teks.wait_for(timeout=20_000)
    bujur, lintang = (float(v) for v in re.findall(r"-?\d+\.\d+", teks.inner_text()))
    halaman.get_by_role("button", name="Simpan lokasi").click()
    halaman.get_by_text("Lokasi forum tersimpan.").wait_for(timeout=60_000)
    halaman.get_by_text(f"Bujur {bujur}, lintang {lintang}").wait_for(timeout=30_000)
    halaman.screenshot(path=str(tmp_path / "persiapan-lokasi.png"), full_page=True)


AGENDA_JAHAT = "![x](http://contoh.invalid/x.png) <img src=x onerror=alert(8)> :material/warning: $x^2$ **tebal**"
NAMA_JAHAT = "Zainal <img src=x onerror=alert(9)> [tautan](http://contoh.invalid)"


@pytest.fixture
def forum_jahat(data_demo) -> dict:
    """Markdown and markup typed into a forum's agenda and an invitee's name (through the real write paths)."""
    g = Gudang(data_demo)
    try:
        j = sa.jadwal(g, "99.01", 2027).acara
        a = sa.baca(g, int(j[(j["tahap"] == "kecamatan") & (j["kode_forum"] == "99.01.03")]["id"].iloc[0]))
        sa.simpan_acara(g, pelaku("bappeda"), "99.01", 2027, {**a, "agenda": AGENDA_JAHAT}, a["id"], int(a["versi"]))
        (kid,) = sp.tambah_kontak(g, pelaku("bappeda"), "99.01", [{"nama": NAMA_JAHAT, "kategori": "masyarakat"}])
        sp.undang(g, pelaku("bappeda"), a["id"], [kid])
    finally:
        g.tutup()
    return {"forum": str(a["nama"])}


def test_teks_jahat_tampil_sebagai_teks(forum_jahat, server, halaman, tmp_path):
    from tests.browser.test_masukan_jahat import _ELEMEN_JAHAT_JS

    dialog: list[str] = []
    halaman.on("dialog", lambda d: (dialog.append(d.message), d.dismiss()))
    halaman.goto(f"{server}/persiapan")
    pilih = halaman.locator(".st-key-acara_pilih")
    pilih.wait_for(timeout=90_000)
    pilih.click()
    halaman.keyboard.type(f"{forum_jahat['forum']} (kecamatan)")
    halaman.get_by_role("option", name=re.compile(rf"{re.escape(forum_jahat['forum'])} \(kecamatan\)")).first.click()
    halaman.get_by_text(AGENDA_JAHAT, exact=False).first.wait_for(timeout=60_000)  # shown as typed
    halaman.get_by_role("tab", name="Daftar hadir").click()
    cari = halaman.locator(".st-key-cari_hadir input")
    cari.wait_for(timeout=60_000)
    cari.fill("zainal")
    cari.press("Enter")
    halaman.get_by_role("button", name=re.compile(r"^Hadir: Zainal <img")).wait_for(timeout=60_000)
    assert NAMA_JAHAT in halaman.locator("body").inner_text()
    halaman.screenshot(path=str(tmp_path / "persiapan-jahat.png"), full_page=True)
    assert halaman.evaluate(_ELEMEN_JAHAT_JS) == []
    assert dialog == []
