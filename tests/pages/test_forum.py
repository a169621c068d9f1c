"""AppTest: decide on an usulan through the Forum page, move it up the tiers, see its history."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from geo import db
from tests.conftest import AKAR


def _forum(tahap: str, uid: int | None = None) -> AppTest:
    at = AppTest.from_file(str(AKAR / "app.py"), default_timeout=120)
    at.session_state["tahap_forum"] = tahap
    if uid is not None:
        at.session_state["usulan_forum"] = uid
    at.switch_page("pages/halaman/forum.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_usulan_naik_tahap_dengan_riwayat(data_demo):
    g = db.Gudang(data_demo)
    uid = int(
        g.df("SELECT min(id) AS i FROM kerja.usulan WHERE tahun = 2027 AND tahap = 'desa' AND status = 'diajukan'")[
            "i"
        ][0]
    )
    for tahap, berikut in (("desa", "kecamatan"), ("kecamatan", "forum_pd")):
        at = _forum(tahap, uid)
        at.radio(key="keputusan_forum").set_value("diterima")
        at.text_input(key="alasan_forum").set_value(f"disepakati di {tahap}")
        at.get("form_submit_button")[0].click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.success, "harus ada pesan berhasil"
        r = g.df("SELECT tahap, status FROM kerja.usulan WHERE id = ?", [uid]).iloc[0]
        assert (r["tahap"], r["status"]) == (berikut, "diajukan")
    riwayat = at.dataframe[-1].value
    assert list(riwayat["alasan"]) == ["disepakati di desa", "disepakati di kecamatan"]
    # a decision without a reason is refused and changes nothing
    at = _forum("forum_pd", uid)
    at.radio(key="keputusan_forum").set_value("ditolak")
    at.get("form_submit_button")[0].click().run()
    assert at.error and "alasan" in at.error[0].value
    assert g.df("SELECT status FROM kerja.usulan WHERE id = ?", [uid])["status"][0] == "diajukan"
    g.tutup()
