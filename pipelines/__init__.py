"""PetaRencana pipelines: build and load the data the app reads.

Run as ``python -m pipelines <command>``; nothing here imports Streamlit.
"""
