"""PetaRencana: the frame. Page config, login, the shared sidebar, and the pages of the user's role."""

import streamlit as st

import pages as akses_data

st.set_page_config(page_title="PetaRencana", page_icon="🗺️", layout="wide")

#: Every page: key (as in geo.domain.definitions.PERAN[...].halaman) -> (script, title, icon).
HALAMAN = {
    "beranda": ("beranda.py", "Beranda", ":material/home:"),
    "data_dasar": ("data_dasar.py", "Data Dasar", ":material/layers:"),
    "proyektor": ("proyektor.py", "Proyektor", ":material/co_present:"),
    "usulan": ("usulan.py", "Usulan", ":material/add_location_alt:"),
    "prioritas": ("prioritas.py", "Prioritas", ":material/format_list_numbered:"),
    "forum": ("forum.py", "Forum", ":material/gavel:"),
    "persiapan": ("persiapan.py", "Persiapan Forum", ":material/event:"),
    "kesesuaian": ("kesesuaian.py", "Kesesuaian Ruang", ":material/rule:"),
    "kelayakan": ("kelayakan.py", "Kelayakan", ":material/fact_check:"),
    "monitoring": ("monitoring.py", "Monitoring", ":material/monitoring:"),
    "evaluasi": ("evaluasi.py", "Evaluasi", ":material/insights:"),
    "sinkronisasi": ("sinkronisasi.py", "Sinkronisasi", ":material/balance:"),
    "anggaran": ("anggaran.py", "DIPA & Renja", ":material/account_tree:"),
    "data": ("data.py", "Data", ":material/upload_file:"),
    "audit": ("audit.py", "Audit", ":material/history:"),
    "pengguna": ("pengguna.py", "Pengguna", ":material/manage_accounts:"),
}


def _halaman(kunci: str, default: bool = False) -> st.Page:
    berkas, judul, ikon = HALAMAN[kunci]
    return st.Page(f"pages/halaman/{berkas}", title=judul, icon=ikon, default=default)


def _tertutup(kunci: str, pesan: str) -> st.Page:
    """A hidden stand-in at a page's address: a link to a page the account cannot open says so in
    Indonesian (instead of Streamlit's English "Page not found"), and the page's script never runs."""
    berkas, judul, _ = HALAMAN[kunci]

    def tampil() -> None:
        st.title(judul)
        st.warning(pesan, icon=":material/lock:")

    return st.Page(tampil, title=judul, url_path=berkas.removesuffix(".py"), visibility="hidden")


akses_data.tulis_kue()
masuk = akses_data.pengguna_masuk()
if "sehat" in st.query_params:  # the health page (?sehat): store and schema version, no login, no data
    st.navigation([st.Page("pages/halaman/sehat.py", title="Kesehatan", icon=":material/monitor_heart:")]).run()
elif masuk is None:  # logged out: the login page only; a link to another page lands on it
    halaman_masuk = st.Page("pages/halaman/masuk.py", title="Masuk", icon=":material/login:", default=True)
    ke_masuk = [
        st.Page(lambda: st.switch_page(halaman_masuk), title=j, url_path=b.removesuffix(".py"), visibility="hidden")
        for b, j, _ in HALAMAN.values()
    ]
    st.navigation([halaman_masuk, *ke_masuk]).run()
elif masuk[1]:  # a one-time password: change it before anything else
    st.navigation([st.Page("pages/halaman/akun.py", title="Ganti kata sandi", icon=":material/key:")]).run()
else:
    pengguna = masuk[0]
    daftar = [_halaman(k, default=(k == "beranda")) for k in HALAMAN if k in pengguna.halaman()]
    daftar.append(st.Page("pages/halaman/akun.py", title="Akun saya", icon=":material/account_circle:"))
    tertutup = [
        _tertutup(
            k,
            f"Halaman ini tidak termasuk peran akun Anda ({pengguna.label_peran}). Pilih halaman lain di menu, "
            "atau minta administrator mengubah peran akun Anda.",
        )
        for k in HALAMAN
        if k not in pengguna.halaman()
    ]
    halaman = st.navigation([*daftar, *tertutup], expanded=True)  # every page listed: no English "View 6 more"
    if st.session_state.pop("ke_beranda", False):  # just left the one-time-password page
        st.switch_page(daftar[0])
    st.session_state["pilihan"] = akses_data.sidebar(pengguna)
    halaman.run()
