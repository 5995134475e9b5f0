import sys

from kpidesk.cli.main import main

sys.exit(main())
