"""Start the dashboard: `python -m dvk.ui.serve [streamlit options]` (what `make run` uses).

Streamlit switches to its legacy multipage mode whenever a `pages/` folder sits beside the
entry point, until the first script run calls st.navigation — so the first visitor arriving
through a deep link (`/map?from=2016&to=2024`) would get a "Page not found" dialog. The pages of
this app are listed explicitly in app.py, so the legacy mode is switched off before the server
starts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web.cli import main as streamlit_main

APP = Path(__file__).resolve().parents[2] / "app.py"


def main() -> None:
    """Run `streamlit run app.py` in this process with the legacy pages folder handling off."""
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    streamlit_main()


if __name__ == "__main__":
    main()
