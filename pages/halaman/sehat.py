"""Health page (``/?sehat``): which store the app uses and whether its schema is current. No login, no data."""

import streamlit as st

import pages as akses_data

baris = akses_data.kesehatan()
st.title("Kesehatan PetaRencana")
sehat = baris[-1] == "Status: SEHAT"
(st.success if sehat else st.error)(baris[-1])
st.code("\n".join(baris), language=None)
