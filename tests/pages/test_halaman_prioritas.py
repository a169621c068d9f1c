"""AppTest: the Prioritas page ranks with a breakdown, saves weights per forum (with a version
check), records votes, and selects within the pagu by greedy or knapsack."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from geo.errors import KonflikVersi
from geo.services.prioritas import simpan_bobot, simpan_suara
from geo.store import db
from tests.akun import pelaku
from tests.pages.bantu import buka


def _peringkat(at: AppTest):
    return next(d.value for d in at.dataframe if "Skor" in d.value.columns)


def test_peringkat_bobot_suara_dan_pagu(data_demo):
    g = db.Gudang(data_demo)
    kec = "99.01.02"
    at = buka("prioritas", tahap_prioritas="kecamatan", forum_prioritas_kecamatan=kec)
    tabel = _peringkat(at)
    tunggu = g.df(
        "SELECT id FROM kerja.usulan WHERE tahun = 2027 AND tahap = 'kecamatan' AND status = 'diajukan' "
        "AND kode_kecamatan = ?",
        [kec],
    )
    assert set(tabel["ID"]) == set(tunggu["id"])
    # the breakdown adds up to the score (points out of 100)
    kriteria = [
        c
        for c in tabel.columns
        if c
        not in (
            "Peringkat",
            "ID",
            "Forum",
            "Desa",
            "Usulan",
            "Biaya",
            "Skor",
            "Didanai",
            "Kesesuaian ruang",
            "Kelayakan",
        )
    ]
    assert len(kriteria) == 8
    assert ((tabel[kriteria].sum(axis=1) - tabel["Skor"]).abs() <= 0.1 * len(kriteria)).all()
    assert tabel["Peringkat"].min() == 1 and (tabel.sort_values("Peringkat")["Skor"].diff().dropna() <= 0).all()

    # votes change the rank: give every vote to the last-ranked usulan, with only the vote criterion weighted
    terakhir = int(tabel.sort_values(["Peringkat", "ID"])["ID"].iloc[-1])
    for k in ("urgensi", "penerima", "dampak", "selaras_rpjmd", "kesiapan", "efektivitas_biaya", "kebutuhan"):
        at.slider(key=f"bobot_kecamatan_{kec}_{k}").set_value(0)
    at.run()
    # (st.data_editor edits cannot be scripted in AppTest: the votes go in through the same store call)
    simpan_suara(g, "kecamatan", {terakhir: 999}, pelaku(nama="uji"))
    at.run()
    assert int(_peringkat(at).sort_values("Peringkat")["ID"].iloc[0]) == terakhir

    # save the weights for this forum; the DB holds them with version 1
    at.button(key="simpan_bobot").click().run()
    assert not at.exception and at.success, [e.value for e in at.error]
    r = g.df("SELECT bobot, versi, indikator FROM kerja.bobot_forum WHERE kode_forum = ?", [kec]).iloc[0]
    assert json.loads(r["bobot"])["suara"] == 5 and json.loads(r["bobot"])["urgensi"] == 0 and r["versi"] == 1
    assert r["indikator"] == "persen_miskin"
    # another session opened version 0 before this save: its save is refused with a clear message
    with pytest.raises(KonflikVersi):
        simpan_bobot(g, 2027, "kecamatan", kec, {"urgensi": 1}, None, 0, pelaku(nama="lain"))

    # funded within what is left of the pagu (pagu minus usulan already accepted at this tier), both methods
    pagu = g.df("SELECT nilai FROM kerja.pagu WHERE tahun = 2027 AND jenis = 'kecamatan' AND kode = ?", [kec])["nilai"][
        0
    ]
    sudah = g.df(
        """
        SELECT coalesce(sum(u.biaya), 0) b FROM kerja.usulan u WHERE u.kode_kecamatan = ? AND u.tahun = 2027 AND u.id IN
          (SELECT usulan_id FROM kerja.keputusan WHERE tahap = 'kecamatan'
           GROUP BY 1 HAVING arg_max(status, waktu) = 'diterima')
        """,
        [kec],
    )["b"][0]
    biaya = g.df("SELECT id, biaya FROM kerja.usulan").set_index("id")["biaya"]
    for metode in ("greedy", "knapsack"):
        at.radio(key=f"metode_pagu_kecamatan_{kec}").set_value(metode).run()
        t = _peringkat(at)
        metrik = {m.label: m for m in at.metric}
        assert f"{int(t['Didanai'].sum())} usulan" == metrik["Didanai dalam pagu"].value
        didanai = biaya[t.loc[t["Didanai"], "ID"]].sum()
        assert 0 < didanai <= pagu - sudah
        # nothing left out would still fit (greedy); knapsack funds at least as much score
        if metode == "greedy":
            assert (biaya[t.loc[~t["Didanai"], "ID"]] > pagu - sudah - didanai).all()
    # the rule is saved with the weights, and a new session (or the Forum page) starts from it
    at.button(key="simpan_bobot").click().run()
    assert g.df("SELECT metode FROM kerja.bobot_forum WHERE kode_forum = ?", [kec])["metode"][0] == "knapsack"
    at2 = buka("prioritas", tahap_prioritas="kecamatan", forum_prioritas_kecamatan=kec)
    assert at2.radio(key=f"metode_pagu_kecamatan_{kec}").value == "knapsack"
    g.tutup()


@pytest.mark.lambat
def test_semua_tahap_terbuka(data_demo):
    for tahap in ("desa", "kecamatan", "forum_pd", "kabupaten"):
        at = buka("prioritas", tahap_prioritas=tahap)
        assert at.title[0].value == "Prioritas"
