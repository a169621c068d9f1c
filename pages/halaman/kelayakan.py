"""Kelayakan: readiness of usulan tier by tier — conformity, land, access, documents, cost —
each factor visible, thresholds adjustable, aggregated per desa and kecamatan."""

import pandas as pd
import streamlit as st

import pages as akses_data
from geo.domain import definitions as d
from geo.domain import kelayakan as kl
from geo.domain import tematik
from geo.domain.format import angka, angka_pas, rupiah, rupiah_ringkas
from geo.render import maps
from geo.render.ekspor import xlsx_dengan_keterangan
from pages.akses.peta_data import peta_tematik

pil: akses_data.Pilihan = st.session_state["pilihan"]
kab = pil.kabupaten
st.title("Kelayakan")
st.markdown(f"**{pil.nama_area}** · usulan {pil.tahun}")
hasil, _ = akses_data.hasil_kesesuaian(kab.kode, pil.tahun)
if pil.kecamatan:  # the scope: only this kecamatan's usulan, mapped per desa
    hasil = hasil[hasil["kode_kecamatan"] == pil.kecamatan]
if hasil.empty:
    st.info("Belum ada usulan untuk tahun ini.")
    st.stop()

k1, k2 = st.columns([1, 3])
tahap = k1.selectbox("Tahap", list(d.TAHAP_FORUM), index=1, format_func=d.TAHAP_FORUM.get, key="tahap_kelayakan")
with k2.expander("Ambang kelayakan"):
    a1, a2, a3, a4 = st.columns(4)
    aturan = {
        "akses_dekat_m": a1.number_input(
            "Akses siap bila ≤ (m)", 0, 50_000, int(d.ATURAN_KELAYAKAN["akses_dekat_m"]), step=100, key="akses_dekat"
        ),
        "akses_jauh_m": a2.number_input(
            "Belum siap bila > (m)", 0, 100_000, int(d.ATURAN_KELAYAKAN["akses_jauh_m"]), step=500, key="akses_jauh"
        ),
        "deviasi_biaya": a3.number_input(
            "Deviasi biaya maks. (%)", 0, 500, int(d.ATURAN_KELAYAKAN["deviasi_biaya"] * 100), key="deviasi_kelayakan"
        )
        / 100,
        "dokumen_minimal": a4.number_input(
            "Dokumen minimal (dari 3)", 0, 3, int(d.ATURAN_KELAYAKAN["dokumen_minimal"]), key="dokumen_minimal"
        ),
    }
# the thresholds as people read them (the XLSX note row)
AMBANG = {
    "akses_dekat_m": "akses siap bila ≤ (m)",
    "akses_jauh_m": "belum siap bila > (m)",
    "deviasi_biaya": "deviasi biaya maks. (%)",
    "dokumen_minimal": "dokumen minimal (dari 3)",
}
data = hasil[hasil["tahap"] == tahap].reset_index(drop=True)
if data.empty:
    st.info("Tidak ada usulan di tahap ini.")
    st.stop()
data = pd.concat([data, kl.faktor(data, aturan)], axis=1)

m1, m2, m3 = st.columns(3)
for k, level in zip((m1, m2, m3), (kl.SIAP, kl.PERHATIAN, kl.BELUM), strict=True):
    n = int((data["kelayakan"] == level).sum())
    biaya = data.loc[data["kelayakan"] == level, "biaya"].sum()
    k.metric(
        level.capitalize(),
        f"{angka(n)} usulan",
        delta=rupiah_ringkas(biaya),
        delta_color="off",
        delta_arrow="off",
        help=f"Perkiraan biaya usulan yang {level}: {rupiah(biaya)}.",
    )

tingkat = (
    "desa"
    if pil.kecamatan
    else st.radio(
        "Rekap per", ["desa", "kecamatan"], format_func=d.TINGKAT_WILAYAH.get, horizontal=True, key="rekap_kelayakan"
    )
)
rekap = kl.rekap(data, "kode_desa" if tingkat == "desa" else "kode_kecamatan")
wil = akses_data.wilayah(kab.kode, tingkat)
kiri, kanan = st.columns([3, 2])
with kiri:
    kerangka = akses_data.kerangka(kab.kode, tingkat, pil.kecamatan)
    nilai = rekap.set_index("kode")["persen_siap"].reindex(list(kerangka.kode))
    kelas = tematik.klasifikasi(nilai, "interval_sama", 4, "RdYlGn", None, 0, "%")
    # geometry stays in the browser: another tier of forum or filter restyles it
    peta_tematik(
        kerangka,
        maps.properti_tematik(kerangka, nilai, kelas, 0, "%"),
        maps.legenda_html(f"Usulan siap di {d.TAHAP_FORUM[tahap]} (%)", kelas),
        akses_data.label_cakupan(kab.kode, pil.kecamatan) if pil.kecamatan else (),
        480,
        "peta-kelayakan",
    )
with kanan:
    nama = wil.set_index("kode")["nama"]
    st.dataframe(
        pd.DataFrame(
            {
                d.TINGKAT_WILAYAH[tingkat]: rekap["kode"].map(nama),
                "Usulan": rekap["usulan"],
                "Siap": rekap[kl.SIAP],
                "Perlu perhatian": rekap[kl.PERHATIAN],
                "Belum siap": rekap[kl.BELUM],
                "% siap": rekap["persen_siap"].round(0),
                **{f"{v} (% siap)": rekap[f].round(0) for f, v in kl.FAKTOR.items()},
            }
        ).sort_values("% siap"),
        hide_index=True,
        width="stretch",
        height=480,
        placeholder="–",
    )

st.subheader("Per usulan")
per_usulan = pd.DataFrame(
    {
        "ID": data["id"],
        "Kelayakan": data["kelayakan"],
        "Usulan": data["uraian"],
        "Desa": data["desa"],
        "Kecamatan": data["kecamatan"],
        "Biaya": data["biaya"].map(rupiah),
        **{v: data[f] for f, v in kl.FAKTOR.items()},
        "Catatan": data["catatan"],
    }
).sort_values(["Kelayakan", "ID"])
st.dataframe(per_usulan, hide_index=True, width="stretch", height=380, placeholder="–")
judul = f"Kelayakan usulan {d.TAHAP_FORUM[tahap]} {pil.tahun} — {pil.nama_area}"
st.download_button(
    "Unduh tabel kelayakan (XLSX)",
    lambda: xlsx_dengan_keterangan(  # built on click
        per_usulan.assign(Biaya=data.set_index("id").loc[per_usulan["ID"], "biaya"].to_numpy()),
        "Kelayakan",
        [
            judul,
            "Ambang: "
            + "; ".join(
                f"{AMBANG[k]} {angka_pas(v * (100 if k == 'deviasi_biaya' else 1))}" for k, v in aturan.items()
            ),
        ],
        judul_di_lembar=True,
    ),
    f"kelayakan-{tahap}-{pil.kode_area}-{pil.tahun}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="unduh_kelayakan",
)
