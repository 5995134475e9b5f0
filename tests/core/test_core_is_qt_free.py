"""The method imports without Qt, SQL or pandas (what scripts and notebooks rely on)."""

import subprocess
import sys


def test_method_imports_nothing_heavy():
    code = (
        "import sys, kpidesk.method; "
        "print(sorted(m for m in ('PySide6', 'sqlalchemy', 'pandas', 'reportlab', 'openpyxl') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
