"""AppTest: decide on an usulan through the Forum page, move it up the tiers, see its history."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from geo.store import db
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
    riwayat = next(d.value for d in at.dataframe if "oleh" in d.value.columns)
    assert list(riwayat["alasan"]) == ["disepakati di desa", "disepakati di kecamatan"]
    # a decision without a reason is refused and changes nothing
    at = _forum("forum_pd", uid)
    at.radio(key="keputusan_forum").set_value("ditolak")
    at.get("form_submit_button")[0].click().run()
    assert at.error and "Keputusan forum ditolak" in at.error[0].value
    assert "alasan" in next(d.value for d in at.dataframe if "Kolom" in d.value.columns)["Kolom"].tolist()
    assert g.df("SELECT status FROM kerja.usulan WHERE id = ?", [uid])["status"][0] == "diajukan"
    g.tutup()


def test_n_teratas_per_kecamatan_lalu_bawa_ke_tahun_depan(data_demo):
    g = db.Gudang(data_demo)
    tunggu = g.df(
        "SELECT kode_kecamatan, count(*) n FROM kerja.usulan WHERE tahun = 2027 AND tahap = 'kecamatan' "
        "AND status = 'diajukan' GROUP BY 1"
    ).set_index("kode_kecamatan")["n"]
    at = _forum("kecamatan")
    at.number_input(key="n_teratas").set_value(2)
    at.button(key="terapkan_n").click().run()
    assert not at.exception, [e.value for e in at.exception]
    diterima = int(tunggu.clip(upper=2).sum())
    assert at.success and f"{diterima} usulan diterima" in at.success[0].value
    # exactly min(2, waiting) per kecamatan moved on; the rest deferred with the carry-over flag
    hasil = g.df(
        """
        SELECT u.kode_kecamatan, k.status, count(*) n FROM kerja.keputusan k JOIN kerja.usulan u ON u.id = k.usulan_id
        WHERE k.oleh = 'aplikasi' AND k.tahap = 'kecamatan' GROUP BY ALL
        """
    )
    terima = hasil[hasil["status"] == "diterima"].set_index("kode_kecamatan")["n"]
    assert terima.to_dict() == tunggu.clip(upper=2).to_dict()
    assert int(hasil.loc[hasil["status"] == "ditunda", "n"].sum()) == int(tunggu.sum()) - diterima
    # the not-agreed list offers carry-over to next year
    at = _forum("kecamatan")
    assert any("Belum disepakati" in s.value for s in at.subheader)
    at.button(key="bawa_lanjut").click().run()
    assert not at.exception and at.success and "2028" in at.success[0].value
    n_2028 = int(g.df("SELECT count(*) n FROM kerja.usulan WHERE tahun = 2028")["n"][0])
    lanjut = g.df(
        "SELECT count(*) n FROM kerja.usulan WHERE tahun = 2027 AND tahap = 'kecamatan' AND lanjut_tahun_depan"
    )
    assert n_2028 == int(lanjut["n"][0])
    g.tutup()


def test_berita_acara_dan_ekspor_dari_halaman(data_demo):
    import io

    import pypdf

    at = _forum("kecamatan")
    at.session_state["kec_forum"] = "99.01.02"
    at.run()
    at.button(key="buat_ba").click().run()
    assert not at.exception, [e.value for e in at.exception]
    unduh = {b.label: b for b in at.get("download_button")}
    assert "Unduh berita acara (PDF)" in unduh and any("SIPD" in k for k in unduh)
    pdf = at.session_state["ba_pdf"][2]
    teks = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "BERITA ACARA" in teks and "Sukamaju" in teks
