"""AppTest of a second-read fix on Persiapan Forum: the place under the location map is escaped markdown."""

from __future__ import annotations

import pytest

from geo.services import acara as sa
from geo.store.db import Gudang
from tests.akun import pelaku
from tests.pages.bantu import buka

pytestmark = pytest.mark.apptest

TEMPAT_JAHAT = "![x](http://contoh.invalid/x.png) [tautan](http://contoh.invalid) **Balai**"


@pytest.mark.lambat
def test_keterangan_peta_lokasi_tempat_diloloskan(data_demo):
    """st.image renders its caption as markdown: a place typed as an image link must stay text (no remote fetch)."""
    g = Gudang(data_demo)
    try:
        j = sa.jadwal(g, "99.01", 2027).acara
        a = sa.baca(g, int(j[(j["tahap"] == "kecamatan") & (j["kode_forum"] == "99.01.01")]["id"].iloc[0]))
        sa.simpan_acara(g, pelaku("bappeda"), "99.01", 2027, {**a, "tempat": TEMPAT_JAHAT}, a["id"], int(a["versi"]))
    finally:
        g.tutup()
    at = buka("persiapan", peran="bappeda", acara_pilih=int(a["id"]))
    assert not at.exception
    gambar = at.get("image")
    keterangan = [i.caption for e in gambar for i in e.proto.imgs]
    assert keterangan, "the location map is drawn"
    assert all("](http" not in k and "**Balai" not in k for k in keterangan), keterangan


@pytest.mark.lambat
def test_tanggal_berbentuk_indonesia(data_demo):
    """Dates are typed and shown day first (DD/MM/YYYY), not Streamlit's default YYYY/MM/DD."""
    at = buka("persiapan", peran="bappeda")
    assert at.date_input, "the schedule form has date inputs"
    assert {d.proto.format for d in at.date_input} == {"DD/MM/YYYY"}
    at = buka("persiapan", peran="bappeda", tab_persiapan="Undangan")
    assert at.date_input(key="tgl_surat").proto.format == "DD/MM/YYYY"


@pytest.mark.lambat
def test_undangan_tanpa_desa_bukan_none(data_demo):
    """A contact with no desa (an OPD head, a DPRD member) shows '—', never Python's None, in the invitation list."""
    g = Gudang(data_demo)
    try:
        j = sa.jadwal(g, "99.01", 2027).acara
        aid = int(j[(j["tahap"] == "kecamatan") & (j["kode_forum"] == "99.01.01")]["id"].iloc[0])
    finally:
        g.tutup()
    at = buka("persiapan", peran="bappeda", acara_pilih=aid, tab_persiapan="Undangan")
    tabel = next(d.value for d in at.dataframe if "Desa/Kel." in d.value.columns)
    assert (tabel["Desa/Kel."] == "—").any(), "the demo invites contacts without a desa"
    assert not tabel[["Lembaga", "Desa/Kel."]].isna().any().any()
