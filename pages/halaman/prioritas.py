"""Prioritas: weighted criteria (saved per forum), need from data, forum votes, rank with its
breakdown, and selection within the pagu (greedy or knapsack), on the map and in totals."""

import altair as alt
import pandas as pd
import streamlit as st

import pages as akses_data
from geo.domain import definitions
from geo.domain import prioritas as pr
from geo.domain.format import angka, angka_pas, persen, rupiah, rupiah_ringkas
from geo.render import maps
from pages.akses.peta_data import peta_usulan

pil: akses_data.Pilihan = st.session_state["pilihan"]
kab = pil.kabupaten
st.title("Prioritas")
st.markdown(f"**{pil.nama_area}** · usulan {pil.tahun}")
akses_data.tampilkan_pesan_berhasil()

k1, k2, k3 = st.columns(3)
tahap = k1.selectbox(
    "Tahap forum",
    list(definitions.TAHAP_FORUM),
    index=1,
    format_func=definitions.TAHAP_FORUM.get,
    key="tahap_prioritas",
)
usulan = akses_data.usulan_peta(kab.kode, pil.tahun, tahap, pil.kecamatan)
usulan = usulan[usulan["status"] == "diajukan"]
kolom_forum = definitions.KELOMPOK_FORUM[tahap]
if kolom_forum in ("kode_desa", "kode_kecamatan"):
    wil = akses_data.wilayah(kab.kode, "desa" if kolom_forum == "kode_desa" else "kecamatan").set_index("kode")
    nama_forum = wil["nama"].to_dict()
else:
    nama_forum = {o: o for o in sorted(usulan["opd"].dropna().unique())}
if pil.kecamatan and kolom_forum in ("kode_desa", "kode_kecamatan"):  # forums inside the scope only
    nama_forum = {k: v for k, v in nama_forum.items() if k == pil.kecamatan or k.startswith(pil.kecamatan + ".")}
    if kolom_forum == "kode_kecamatan" and f"forum_prioritas_{tahap}" not in st.session_state:
        st.session_state[f"forum_prioritas_{tahap}"] = pil.kecamatan
forum = k2.selectbox(
    "Forum",
    [pr.SEMUA_FORUM, *nama_forum],
    format_func=lambda k: "Semua forum di tahap ini" if k == pr.SEMUA_FORUM else nama_forum[k],
    key=f"forum_prioritas_{tahap}",
)
metode = k3.radio(
    "Pemilihan dalam pagu",
    list(definitions.METODE_PAGU),
    index=list(definitions.METODE_PAGU).index(akses_data.metode_forum(pil.tahun, tahap, forum)),
    format_func=definitions.METODE_PAGU.get,
    horizontal=True,
    key=f"metode_pagu_{tahap}_{forum}",
    help="Urut peringkat: ambil usulan menurut peringkat; yang tidak muat lagi dilewati (aturan CONSUL Democracy). "
    "Kombinasi terbaik: kombinasi dengan jumlah skor terbesar yang muat dalam pagu.",
)
if forum != pr.SEMUA_FORUM:
    usulan = usulan[usulan[kolom_forum].astype(str) == forum]

# --- weights, saved per forum ---------------------------------------------------------------
bobot_simpan, indikator_simpan, versi_bobot = akses_data.bobot_forum(pil.tahun, tahap, forum)
indikator = akses_data.daftar_indikator(kab.kode)
nama_indikator = dict(zip(indikator["kode"], indikator["nama"], strict=True))
with st.expander("Bobot kriteria dan kebutuhan menurut data", expanded=False):
    kolom = st.columns(4)
    bobot = {}
    for i, kr in enumerate(definitions.KRITERIA_PRIORITAS):
        bobot[kr.kode] = kolom[i % 4].slider(
            kr.nama, 0, 50, int(bobot_simpan.get(kr.kode, 0)), help=kr.ukuran, key=f"bobot_{tahap}_{forum}_{kr.kode}"
        )
    pilihan_ind = [None, *indikator["kode"]]
    baku = pr.indikator_baku(indikator_simpan, list(indikator["kode"]))
    kode_ind = st.selectbox(
        "Indikator kebutuhan (nilai tinggi = kebutuhan tinggi)",
        pilihan_ind,
        index=pilihan_ind.index(baku),
        format_func=lambda k: "— tanpa indikator —" if k is None else nama_indikator[k],
        key=f"indikator_{tahap}_{forum}",
    )
    total_bobot = sum(bobot.values())
    st.caption(
        f"Jumlah bobot {total_bobot}: setiap bobot dibagi jumlahnya. Disimpan untuk "
        f"{'semua forum di tahap ini' if forum == pr.SEMUA_FORUM else nama_forum[forum]} (versi {versi_bobot}), "
        'bersama aturan pemilihan dalam pagu; halaman Forum memakai keduanya untuk "N teratas".'
    )
    if st.button("Simpan bobot forum ini", key="simpan_bobot"):
        versi, galat = akses_data.simpan_bobot(pil.tahun, tahap, forum, bobot, kode_ind, versi_bobot, metode)
        if galat is not None:
            akses_data.tampilkan_galat(galat, "Bobot belum disimpan.")
        else:
            akses_data.berhasil_lalu_muat_ulang(f"Bobot tersimpan (versi {versi}).")
if total_bobot <= 0:
    st.error("Isi sedikitnya satu bobot lebih dari 0.", icon=":material/error:")
    st.stop()
if usulan.empty:
    st.info("Tidak ada usulan yang menunggu keputusan di forum ini.")
    st.stop()

kebutuhan = akses_data.kebutuhan_desa(kab.kode, kode_ind, pil.tahun)
pagu = akses_data.pagu(pil.tahun, definitions.JENIS_PAGU[tahap])
terpakai = akses_data.pagu_terpakai(kab.kode, pil.tahun, tahap)
hasil = pr.hitung_forum(usulan, tahap, bobot, kebutuhan, pagu, metode, terpakai)
rekap = pr.rekap_pagu(hasil, pagu, terpakai)

# --- totals ------------------------------------------------------------------------------
t_pagu = rekap["pagu"].sum(min_count=1)
t_sisa = (rekap["pagu"] - rekap["terpakai"]).sum(min_count=1)
t_terpakai = rekap["terpakai"].sum()
t_didanai = hasil.loc[hasil["didanai"], "biaya"].sum()
m1, m2, m3, m4 = st.columns(4)
m1.metric("Usulan dibahas", angka(len(hasil)))
m2.metric(
    "Perkiraan biaya",
    rupiah_ringkas(hasil["biaya"].sum()),
    help=f"Perkiraan biaya semua usulan yang dibahas: {rupiah(hasil['biaya'].sum())}.",
)
m3.metric(
    "Sisa pagu indikatif",
    rupiah_ringkas(t_sisa) if pd.notna(t_sisa) else "tidak ada",
    delta=f"dari pagu {rupiah_ringkas(t_pagu)}" if pd.notna(t_pagu) else None,
    delta_color="off",
    delta_arrow="off",
    help=f"Pagu indikatif {rupiah(t_pagu)}; sudah disepakati {rupiah(t_terpakai)}; sisa {rupiah(t_sisa)}."
    if pd.notna(t_pagu)
    else "Belum ada pagu indikatif untuk tahap ini.",
)
m4.metric(
    "Didanai dalam pagu",
    f"{angka(int(hasil['didanai'].sum()))} usulan",
    delta=rupiah_ringkas(t_didanai)
    + (f" · {persen(t_didanai / t_sisa * 100)} sisa pagu" if t_sisa and t_sisa > 0 else ""),
    delta_color="off",
    delta_arrow="off",
    help=f"Biaya usulan yang didanai dalam pagu: {rupiah(t_didanai)}.",
)
if tahap == "desa":
    st.caption(
        "Di tahap desa/kelurahan hanya kelurahan yang berpagu (dana kelurahan); desa menyusun Dana Desa sendiri, "
        "jadi untuk desa hanya peringkat yang dihitung."
    )

kiri, kanan = st.columns([2, 3])
with kiri:
    akses_data.keterangan_padat(len(hasil))
    # geometry travels once (static files); a new pagu or weight sends a colour index per usulan
    peta_usulan(
        akses_data.peta_beranda(kab.kode, "desa" if kolom_forum == "kode_desa" else "kecamatan", pil.kecamatan),
        hasil,
        hasil["didanai"].map({True: "#1b9e77", False: "#d95f02"}),
        hasil["didanai"].map({True: "didanai", False: "tidak didanai"}),
        maps.legenda_kategori_html([("#1b9e77", "Didanai dalam pagu"), ("#d95f02", "Di luar pagu")]),
        key="peta-prioritas",
        tinggi=480,
    )
with kanan:
    if forum == pr.SEMUA_FORUM and len(rekap) > 1:
        st.markdown("**Rekap per forum**")
        st.dataframe(
            pd.DataFrame(
                {
                    "Forum": rekap["forum"].map(lambda k: nama_forum.get(k, k)),
                    "Usulan": rekap["usulan"],
                    "Didanai": rekap["didanai"],
                    "Biaya usulan": rekap["biaya_usulan"].map(rupiah),
                    "Biaya didanai": rekap["biaya_didanai"].map(rupiah),
                    "Pagu": rekap["pagu"].map(rupiah),
                    "Sudah disepakati": rekap["terpakai"].map(rupiah),
                    "Sisa pagu": rekap["sisa_pagu"].map(rupiah),
                }
            ),
            hide_index=True,
            width="stretch",
            height=220,
            placeholder="–",
        )
    kode_kr = [k.kode for k in definitions.KRITERIA_PRIORITAS]
    nama_kr = {k.kode: k.nama for k in definitions.KRITERIA_PRIORITAS}
    ruang = akses_data.ruang_dan_kesiapan(kab.kode, pil.tahun)
    verdik_semua = hasil["id"].map(ruang["verdik"])
    urut = akses_data.sepotong(hasil.sort_values(["peringkat", "skor"], ascending=[True, False]), f"prioritas_{tahap}")
    verdik = urut["id"].map(ruang["verdik"])
    tabel = pd.DataFrame(
        {
            "Peringkat": urut["peringkat"],
            "Didanai": urut["didanai"],
            "ID": urut["id"],
            "Usulan": urut["uraian"],
            "Biaya": urut["biaya"].map(rupiah),
            "Kesesuaian ruang": verdik.map(lambda v: definitions.VERDIK[v].nama if pd.notna(v) else "belum diperiksa"),
            "Kelayakan": urut["id"].map(ruang["kelayakan"]).fillna("belum dinilai"),
            "Skor": (urut["skor"] * 100).round(1),
            "Desa": urut["desa"],
            "Forum": urut["forum"].map(lambda k: nama_forum.get(k, k)),
            **{nama_kr[k]: (urut[f"poin_{k}"] * 100).round(1) for k in kode_kr if bobot.get(k)},
        }
    )
    if verdik_semua.isin(definitions.VERDIK_PERLU_PENGECUALIAN).any():
        st.warning(
            f"{int(verdik_semua.isin(definitions.VERDIK_PERLU_PENGECUALIAN).sum())} usulan berkesesuaian ruang "
            "'tidak sesuai' atau 'perlu kajian': di Forum usulan itu hanya dapat diterima dengan alasan pengecualian.",
            icon=":material/warning:",
        )
    st.markdown("**Peringkat dan rincian skor** (poin dari 100; setiap kolom kriteria = sumbangannya)")
    st.dataframe(
        tabel,
        hide_index=True,
        width="stretch",
        height=420,
        placeholder="–",
        column_config={
            "Skor": st.column_config.ProgressColumn("Skor", min_value=0, max_value=100, format="%.1f"),
            **{nama_kr[k]: st.column_config.NumberColumn(format="localized") for k in kode_kr if bobot.get(k)},
        },
    )

# --- one usulan's breakdown ------------------------------------------------------------------
st.subheader("Mengapa peringkat ini?")
BATAS_PILIHAN = akses_data.BATAS_PILIHAN  # in rank order; a list of 100,000 options helps no one
ids = list(hasil.sort_values(["peringkat", "skor"], ascending=[True, False])["id"])[:BATAS_PILIHAN]
uraian = dict(zip(hasil["id"], hasil["uraian"], strict=True))
if len(hasil) > BATAS_PILIHAN:
    st.caption(f"Pilihan dibatasi {angka(BATAS_PILIHAN)} peringkat teratas; pilih satu kecamatan untuk yang lain.")
uid = st.selectbox("Usulan", ids, key="rincian_prioritas", format_func=lambda i: f"#{i} · {uraian[i]}")
r = hasil.set_index("id").loc[uid]
rincian = pd.DataFrame(
    {
        "Kriteria": [nama_kr[k] for k in kode_kr],
        "Nilai": [angka_pas(r[f"nilai_{k}"]) for k in kode_kr],
        "Bobot": [bobot.get(k, 0) for k in kode_kr],
        "Sumbangan (poin)": [round(r[f"poin_{k}"] * 100, 1) for k in kode_kr],
    }
)
c1, c2 = st.columns([3, 2])
c1.dataframe(
    rincian.assign(**{"Sumbangan (poin)": rincian["Sumbangan (poin)"].map(lambda v: angka(v, 1))}),
    hide_index=True,
    width="stretch",
    placeholder="–",
)
# Altair, not st.bar_chart: criterion names are shown whole (labelLimit=0), never cut with "…"
c2.altair_chart(
    alt.Chart(rincian.assign(Poin=rincian["Sumbangan (poin)"].map(lambda v: angka(v, 1))))
    .mark_bar(color="#1f77b4")
    .encode(
        x=alt.X("Sumbangan (poin):Q", title="Sumbangan (poin)", axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("Kriteria:N", sort=None, title=None, axis=alt.Axis(labelLimit=0)),
        tooltip=[alt.Tooltip("Kriteria:N"), alt.Tooltip("Poin:N", title="Sumbangan (poin)")],
    ),
    width="stretch",
)
st.caption(
    f"Skor #{uid}: {angka(r['skor'] * 100, 1)} poin → peringkat {r['peringkat']} di forum "
    f"{nama_forum.get(r['forum'], r['forum'])}; {'didanai' if r['didanai'] else 'tidak didanai'} dalam pagu. "
    "Nilai tiap kriteria dinormalkan 0–1 di antara usulan forum yang sama."
)

# --- votes ------------------------------------------------------------------------------------
with st.expander("Suara forum", expanded=False):
    st.caption("Isi jumlah suara peserta untuk setiap usulan, lalu simpan. Perubahan tercatat di riwayat usulan.")
    halaman_suara = akses_data.sepotong(hasil, f"suara_{tahap}_{forum}")
    awal = halaman_suara[["id", "uraian", "desa", "suara"]].assign(suara=halaman_suara["suara"].fillna(0).astype(int))
    diedit = st.data_editor(
        awal,
        disabled=["id", "uraian", "desa"],
        hide_index=True,
        width="stretch",
        key=f"editor_suara_{tahap}_{forum}",
        column_config={"suara": st.column_config.NumberColumn("Suara", min_value=0, step=1)},
    )
    if st.button("Simpan suara", key="simpan_suara"):
        n, galat = akses_data.simpan_suara(tahap, dict(zip(diedit["id"], diedit["suara"], strict=True)))
        if galat is not None:
            akses_data.tampilkan_galat(galat, "Suara belum disimpan.")
        else:
            akses_data.berhasil_lalu_muat_ulang(f"{n} jumlah suara tersimpan; peringkat dihitung ulang.")
