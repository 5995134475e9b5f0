"""``python -m benchmarks [--quick] [--json FILE] [--only NAME[,NAME]]``: see ``suite``."""

from benchmarks.suite import main

raise SystemExit(main())
