"""Streamlit helpers: cached data access and shared widgets (the only Streamlit code outside pages)."""
