"""Command line: python -m etl {template,sample,load} … (see --help)."""

from etl.cli import main

raise SystemExit(main())
