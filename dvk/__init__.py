"""Dân vận khéo dashboard core: configuration, labels, queries (no Streamlit outside dvk.ui)."""
