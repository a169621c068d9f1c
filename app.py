"""PetaRencana: the frame. Page config, the shared sidebar, and the page list."""

import streamlit as st

from pages import akses_data

st.set_page_config(page_title="PetaRencana", page_icon="🗺️", layout="wide")

halaman = st.navigation(
    [
        st.Page("pages/beranda.py", title="Beranda", icon=":material/home:", default=True),
    ]
)
st.session_state["pilihan"] = akses_data.sidebar()
halaman.run()
