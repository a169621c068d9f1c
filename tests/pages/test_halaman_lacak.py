"""AppTest of the public Lacak Usulan page (pages/publik/lacak.py): search, path with reasons, progress,
and nothing personal, no operator names, no write widget."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from geo.domain import definitions
from pipelines.demo import TAHUN_BERJALAN
from pipelines.demo.tabel import kk_sintetis, nik_sintetis
from tests.conftest import AKAR

SKRIP = str(AKAR / "pages" / "publik" / "lacak.py")
OPERATOR = "Budi Santoso (operator kecamatan)"
PEMBUAT = "operator.sukamaju"


def _teks(at: AppTest) -> str:
    """Every text the page shows: markdown, captions, metrics, alerts, tables, widget labels and options."""
    bagian = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.value for e in at.title]
    bagian += [e.value for e in at.header] + [e.value for e in at.subheader]
    bagian += [f"{e.label} {e.value}" for e in at.metric]
    bagian += [e.value for e in at.info] + [e.value for e in at.warning] + [e.value for e in at.error]
    bagian += [e.value.to_csv() for e in at.dataframe]
    bagian += [f"{w.label} {getattr(w, 'options', '')}" for w in (*at.selectbox, *at.radio, *at.text_input)]
    bagian += [str(e.proto) for e in at.get("progress")]
    return "\n".join(str(b) for b in bagian)


@pytest.fixture
def usulan_uji(data_demo):
    """A funded 2026 usulan with realisasi and a 2027 one decided at several tiers; distinctive operator names."""
    con = duckdb.connect(str(data_demo.kerja))
    n_lalu = con.execute("SELECT count(*) FROM usulan WHERE tahun = ?", [TAHUN_BERJALAN]).fetchone()[0]
    didanai = con.execute(
        "SELECT u.id, u.kode_desa FROM usulan u WHERE u.tahun = ? AND u.id IN (SELECT usulan_id FROM realisasi "
        "WHERE realisasi_fisik IS NOT NULL) ORDER BY u.id LIMIT 1",
        [TAHUN_BERJALAN],
    ).fetchone()
    ditolak = con.execute(
        "SELECT id, kode_desa FROM usulan WHERE tahun > ? AND tahap = 'kecamatan' AND status = 'ditolak' "
        "ORDER BY id LIMIT 1",
        [TAHUN_BERJALAN],
    ).fetchone()
    con.execute("UPDATE usulan SET dibuat_oleh = ? WHERE id IN (?, ?)", [PEMBUAT, didanai[0], ditolak[0]])
    con.execute("UPDATE keputusan SET oleh = ? WHERE usulan_id IN (?, ?)", [OPERATOR, didanai[0], ditolak[0]])
    con.close()
    return {
        "didanai": (didanai[0], nik_sintetis(didanai[1], didanai[0], TAHUN_BERJALAN)),
        "ditolak": (ditolak[0], nik_sintetis(ditolak[1], ditolak[0] - n_lalu, TAHUN_BERJALAN + 1)),
        # the KK numbers of the same proposers
        "kk": (
            kk_sintetis(didanai[1], didanai[0], TAHUN_BERJALAN),
            kk_sintetis(ditolak[1], ditolak[0] - n_lalu, TAHUN_BERJALAN + 1),
        ),
    }


def _cari(nomor: int) -> AppTest:
    at = AppTest.from_file(SKRIP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.text_input(key="nomor").set_value(str(nomor)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _tanpa_data_pribadi(at: AppTest, nik: str, kk: tuple[str, ...] = ()) -> None:
    teks = _teks(at)
    assert nik not in teks and nik[-10:] not in teks
    assert not [k for k in kk if k in teks or k[-10:] in teks]
    assert "hmac" not in teks.lower()
    for nama in (OPERATOR, PEMBUAT, "demo ("):
        assert nama not in teks
    # the search box is the only text input; nothing writes, nothing uploads
    assert [w.key for w in at.text_input] == ["nomor"]
    assert len(at.button) == 0 and len(at.get("file_uploader")) == 0
    assert (
        len(at.text_area) == 0
        and len(at.number_input) == 0
        and len(at.data_editor if hasattr(at, "data_editor") else []) == 0
    )


def test_cari_nomor_usulan_didanai(data_demo, usulan_uji):
    nomor, nik = usulan_uji["didanai"]
    at = _cari(nomor)
    assert at.subheader[0].value.startswith(f"Usulan #{nomor}")
    jalur = at.dataframe[0].value
    assert jalur["Tahap"].tolist()[:4] == list(definitions.TAHAP_FORUM.values())
    assert set(jalur["Keputusan"][:4]) == {"Diterima"} and jalur["Alasan"].str.len().min() > 0
    # issue 15: the same trace function goes on through the budget documents to realisasi
    assert {"DIPA Musrenbang", "Renja perangkat daerah", "RKPD", "DPA", "Realisasi"} <= set(jalur["Tahap"])
    assert len(at.get("progress")) == 1 and "fisik" in _teks(at)
    assert "belum melapor" in at.dataframe[1].value.to_csv()  # Oct–Dec not reported: never shown as 0 %
    _tanpa_data_pribadi(at, nik, usulan_uji["kk"])


def test_cari_usulan_ditolak_dengan_alasan(data_demo, usulan_uji):
    nomor, nik = usulan_uji["ditolak"]
    at = _cari(nomor)
    jalur = at.dataframe[0].value
    assert jalur["Keputusan"].tolist()[:2] == ["Diterima", "Ditolak"]
    assert jalur.loc[1, "Alasan"] and jalur.loc[2, "Keputusan"] == "Belum sampai tahap ini"
    assert len(at.get("progress")) == 0
    _tanpa_data_pribadi(at, nik, usulan_uji["kk"])


def test_nomor_tidak_ada_dan_bukan_angka(data_demo):
    at = _cari(999999)
    assert "tidak ditemukan" in at.warning[0].value
    at.text_input(key="nomor").set_value("12; DROP TABLE usulan").run()
    assert not at.exception and "hanya berisi angka" in at.warning[0].value


def test_pilih_desa_lalu_usulan(data_demo, usulan_uji):
    at = AppTest.from_file(SKRIP, default_timeout=120)
    at.run()
    at.radio(key="cara").set_value("Desa/kelurahan").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="usulan_desa").value is not None
    assert at.subheader[0].value.startswith("Usulan #")
    assert [w.key for w in at.text_input] == []


def test_peta_kegiatan_didanai(data_demo):
    at = AppTest.from_file(SKRIP, default_timeout=120)
    at.run()
    assert not at.exception
    assert "kegiatan didanai tahun" in _teks(at)
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) > 20
