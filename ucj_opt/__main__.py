"""``python -m ucj_opt`` runs the command line."""

from ucj_opt.cli import main

raise SystemExit(main())
