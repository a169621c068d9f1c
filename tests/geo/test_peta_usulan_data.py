"""Usulan on the data-driven map: what goes into the static file and what travels per rerun, by hand."""

from __future__ import annotations

import json

import pandas as pd

from geo.render import peta_usulan as pu
from tests.geo.test_peta_usulan_agregat import _usulan


def _warna_label(status: list[str]) -> tuple[pd.Series, pd.Series]:
    label = pd.Series(status)
    return label.map({"Diterima": "#00aa00", "Ditolak": "#aa0000"}), label


def test_berkas_membawa_teks_dan_geometri_warna_per_rerun():
    u = _usulan(2, 1)
    u.loc[0, "uraian"] = '<img src=x onerror="alert(1)">'
    warna, label = _warna_label(["Ditolak", "Diterima", "Ditolak"])
    fc = json.loads(pu.berkas_usulan(u, warna, label))
    p = [f["properties"] for f in fc["features"]]
    assert [x["i"] for x in p] == [0, 1, 2] and [x["id"] for x in p] == [1, 2, 3]
    assert p[0]["u"] == '<img src=x onerror="alert(1)">'  # data; the browser inserts it as text
    assert p[0]["b"] == "Rp 1" and "warna" not in p[0]  # colours are not in the file
    gaya = pu.gaya_usulan(u, warna, label, sorot=2)
    # categories in order of first use: Ditolak (0), Diterima (1)
    assert gaya["palet"] == ["#aa0000", "#00aa00"] and gaya["nama"] == ["Ditolak", "Diterima"]
    assert gaya["kelas"] == [0, 1, 0] and gaya["sorot"] == 2 and gaya["tambahan"] is None


def test_sidik_berubah_dengan_data_bukan_dengan_warna():
    u = _usulan(2, 1)
    w1, l1 = _warna_label(["Ditolak", "Diterima", "Ditolak"])
    w2, l2 = _warna_label(["Diterima", "Diterima", "Diterima"])
    assert pu.sidik_usulan(u, w1, l1) == pu.sidik_usulan(u, w2, l2)  # new colours: the same file
    ubah = u.copy()
    ubah.loc[2, "uraian"] = "lain"
    assert pu.sidik_usulan(ubah, w1, l1) != pu.sidik_usulan(u, w1, l1)
    geser = u.copy()
    geser.loc[0, "geometry"] = geser.geometry.iloc[0].buffer(0.0)  # an empty point: another geometry
    assert pu.sidik_usulan(geser, w1, l1) != pu.sidik_usulan(u, w1, l1)


def test_agregat_kelas_per_desa_mengikuti_urutan_berkas_dan_sorot_ditambah():
    n_a = pu.BATAS_RINCI  # desa Ana: 2/3 Diterima; desa Budi: all Ditolak
    u = _usulan(n_a, 2)
    status = ["Diterima" if i % 3 else "Ditolak" for i in range(n_a)] + ["Ditolak", "Ditolak"]
    warna, label = _warna_label(status)
    fc = json.loads(pu.berkas_usulan(u, warna, label))
    assert [f["properties"]["d"] for f in fc["features"]] == ["Ana", "Budi"]
    assert fc["features"][0]["properties"]["n"] == n_a
    gaya = pu.gaya_usulan(u, warna, label, sorot=n_a + 1)
    assert [gaya["palet"][k] for k in gaya["kelas"][:2]] == ["#00aa00", "#aa0000"]
    # the selected usulan (in Budi, Ditolak) is drawn on its own on top, coloured by its own category
    tambahan = gaya["tambahan"]["features"]
    assert len(tambahan) == 1 and tambahan[0]["properties"]["id"] == n_a + 1
    assert gaya["palet"][gaya["kelas"][tambahan[0]["properties"]["i"]]] == "#aa0000"
    # the file depends on the counts per category: another status is another file
    w2, l2 = _warna_label(["Ditolak"] * (n_a + 2))
    assert pu.sidik_usulan(u, w2, l2) != pu.sidik_usulan(u, warna, label)
