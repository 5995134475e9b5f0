"""``python -m benchmarks [--quick] [--json FILE] [--only NAME[,NAME]]``: see ``suite``."""

from benchmarks.suite import main

if __name__ == "__main__":  # not when a spawned process imports this module again
    raise SystemExit(main())
