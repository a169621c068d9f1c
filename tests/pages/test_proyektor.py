"""AppTest: the projector steps through the demo slide set; slide sets never overwrite silently."""

from __future__ import annotations

import pytest

from geo.domain.slide import Slide
from geo.errors import KonflikVersi
from geo.services import slide
from geo.store import db
from geo.store.slide import daftar_set
from tests.akun import pelaku
from tests.pages import bantu


def test_proyektor_melangkah(data_demo):
    at = bantu.app_masuk(default_timeout=120)
    at.switch_page("pages/halaman/proyektor.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("slide 1 dari 3" in m.value for m in at.markdown)
    at.button(key="maju").click().run()
    assert at.session_state["slide_ke"] == 1
    assert any("slide 2 dari 3" in m.value for m in at.markdown)
    at.button(key="mundur").click().run()
    assert at.session_state["slide_ke"] == 0


def test_set_slide_konflik_versi(data_demo):
    g = db.Gudang(data_demo)
    sets = daftar_set(g, "99.01")
    assert [s["nama"] for s in sets] == ["Musrenbang Kecamatan 2027"] and len(sets[0]["slide"]) == 3
    baru = [*sets[0]["slide"], Slide("jumlah_sekolah", 2025, "kecamatan")]
    assert slide.simpan_set(g, "99.01", "Musrenbang Kecamatan 2027", baru, pelaku(nama="ani"), versi=1) == 2
    # someone else, still on version 1, must not overwrite Ani's change
    with pytest.raises(KonflikVersi, match="diubah orang lain"):
        slide.simpan_set(g, "99.01", "Musrenbang Kecamatan 2027", baru[:1], pelaku(nama="budi"), versi=1)
    assert len(daftar_set(g, "99.01")[0]["slide"]) == 4
    g.tutup()


def test_judul_slide_ditampilkan_sebagai_teks(data_demo):
    """A slide title typed by a user never becomes HTML on the projector (stored XSS)."""
    g = db.Gudang(data_demo)
    sets = daftar_set(g, "99.01")
    jahat = Slide("jumlah_sekolah", 2025, "kecamatan", judul="<img src=x onerror=alert(1)>")
    slide.simpan_set(g, "99.01", sets[0]["nama"], [jahat], pelaku(nama="uji"), versi=sets[0]["versi"])
    g.tutup()
    at = bantu.app_masuk(default_timeout=120)
    at.switch_page("pages/halaman/proyektor.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    judul = next(m.value for m in at.markdown if "slide 1 dari 1" in m.value)
    assert "<img" not in judul and "&lt;img src=x onerror=alert(1)&gt;" in judul
