"""A look at an .xlsx file's sheets before they are read: how far their cells really reach,
and which cells hold what no import can take (an Excel error, NaN, infinity).

Why: calamine builds a sheet as one dense block from its first to its last cell. One stray
cell at XFD1048576 makes that 17 billion cells, and calamine aborts the whole process asking
for 512 GB. And calamine reads an error cell (#DIV/0!) or a number written as NaN as an
empty cell, which an import would take for "not reported". The scan reads the sheet's XML as
bytes, in chunks, with searches that run at C speed, so an ordinary workbook of 600,000 rows
costs little; a sheet found absurd is read sparsely, row by row (``sparse_grid``)."""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

_CHUNK = 1 << 20
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
# Cell references of two or three letters (AA… XFD): rare in kpidesk's sheets. Every pattern
# searched over the whole sheet starts with a literal, which the regex engine skips to fast.
_WIDE_CELL = re.compile(rb'r="([A-Z]{2,3})[0-9]')
# What announces a cell worth a closer look: an empty value (<v/>, <v />, <v></v>), a value
# starting like inf, NaN or an error (#DIV/0!; a formula's text result too: the cell parse
# decides). One pass with a literal start; a sheet whose tags carry a prefix (<x:v>) is
# looked at closely whole.
_SUSPECT = re.compile(rb"<v(?: ?/>|></v>|>\s*[-+]?[IiNn#])")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v\s*/>|<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_NOT_FINITE = re.compile(rb"\s*[-+]?(?:inf(?:inity)?|nan)\s*$", re.I)

# A sheet is read sparsely when its dense block would be far larger than what it holds.
ROOMY_ROWS = 10_000  # rows of slack before a gap counts (blank rows left between tables)
DENSE_CELLS = 2_000_000  # a block wider than 702 columns beyond this (64 MB) is read sparsely
FAULTS_NAMED = 1_000  # a sheet of a million #N/A is refused by its first thousand


@dataclass
class Scan:
    rows: int = 0  # <row> elements in the sheet
    last_row: int = 0  # the highest row number a <row> names
    widest: int = 0  # the highest column number among columns of two or three letters
    faults: list[tuple[int, int, str]] = field(default_factory=list)  # row, column (0-based), shown

    @property
    def absurd(self) -> bool:
        """Would a dense block of this sheet be far larger than the cells it holds?"""
        if self.last_row > 2 * self.rows + ROOMY_ROWS:
            return True
        return self.widest > 702 and self.last_row * self.widest > DENSE_CELLS


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the archive member holding its XML, in the workbook's order."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_RELS}Relationship")}
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_OFFICE_REL), "")
        member = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join("xl", target))
        )
        parts[sheet.get("name", "")] = member
    return parts


def _fault(attributes: bytes, content: bytes | None) -> tuple[int, int, str] | None:
    ref = _REF.search(attributes)
    if ref is None:
        return None
    kind = _TYPE.search(attributes)
    kind_name = kind.group(1) if kind else b"n"
    value = _VALUE.search(content or b"")
    where = (int(ref.group(2)), column_index_from_string(ref.group(1).decode()) - 1)
    if kind_name == b"e":
        shown = (value.group(1) or b"").decode("utf-8", "replace").strip() if value else ""
        return (*where, shown or "#N/A")
    if kind_name != b"n" or value is None:
        return None
    if value.group(1) is None or not value.group(1).strip():
        # An empty value without a formula: what openpyxl writes for NaN and infinity.
        return None if _FORMULA.search(content or b"") else (*where, "NaN")
    if _NOT_FINITE.match(value.group(1)):
        return (*where, value.group(1).decode().strip())
    return None


def _scan_part(stream, shape: bool = True, faults: bool = True) -> Scan:
    """The sheet's ``shape`` (rows, the last row, the widest column) and its ``faults``."""
    scan, carry = Scan(), b""
    while True:
        chunk = stream.read(_CHUNK)
        buffer = carry + chunk
        # Whole rows only, so a cell's tag and its value are searched together.
        cut = len(buffer) if not chunk else buffer.rfind(b"row>") + 4
        if chunk and cut < 4:
            carry = buffer
            continue
        done, carry = buffer[:cut], buffer[cut:]
        if shape:
            _measure(scan, done)
        if faults and (_SUSPECT.search(done) or b":v" in done):
            for cell in _CELL.finditer(done):
                fault = _fault(cell.group(1), cell.group(2))
                if fault and len(scan.faults) < FAULTS_NAMED:
                    scan.faults.append(fault)
        if not chunk:
            return scan


def _measure(scan: Scan, done: bytes) -> None:
    """How many rows these whole rows of XML hold, and how far they reach."""
    scan.rows += done.count(b"row>")  # </row>, </x:row>: one per row that holds cells
    last = max(done.rfind(b"<row"), done.rfind(b":row "))
    if last >= 0:
        number = _ROW_NUMBER.search(done, max(0, done.rfind(b"<", 0, last + 1)))
        if number:
            scan.last_row = max(scan.last_row, int(number.group(1)))
    for letters in set(_WIDE_CELL.findall(done)):
        scan.widest = max(scan.widest, column_index_from_string(letters.decode()))


def scan(path: Path, shape: bool = True, faults: bool = True) -> dict[str, Scan]:
    """Each sheet's scan; empty for a file that is not an .xlsx/.xlsm (xls, ods: calamine's
    own limits hold) or whose parts cannot be found (the reader then says what is wrong).
    Its ``shape`` must be known before calamine reads a sheet; its ``faults`` may be looked
    for meanwhile (calamine parses without holding the GIL): the two can be asked apart."""
    try:
        with zipfile.ZipFile(path) as archive:
            found = {}
            for name, member in _sheet_parts(archive).items():
                with archive.open(member) as stream:
                    found[name] = _scan_part(stream, shape, faults)
            return found
    except (OSError, zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError):
        return {}


def _last_header_column(rows: list[tuple]) -> int:
    """How many columns the data has: up to the last filled cell of the fullest of the first
    rows, stopping at a run of 100 empty cells (a stray cell far to the right is not a column)."""
    fullest = max(rows, key=lambda cells: sum(1 for c in cells if c not in (None, "")), default=())
    width, empty = 0, 0
    for position, cell in enumerate(fullest):
        if cell in (None, ""):
            empty += 1
            if empty >= 100:
                break
        else:
            width, empty = position + 1, 0
    return max(width, 1)


def sparse_grid(path: Path, name: str) -> tuple[list[list], list[int]]:
    """The rows of sheet ``name`` that hold something, with their Excel numbers, each cut at
    the data's last column: memory in proportion to the cells, not to the used range."""
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book[name]
        sheet.reset_dimensions()  # a <dimension> claiming A1:XFD1048576 is not believed
        top = [tuple(row) for row in sheet.iter_rows(max_row=10, values_only=True)]
        width = _last_header_column(top)
        grid, numbers = [], []
        for number, cells in enumerate(sheet.iter_rows(max_col=width, values_only=True), 1):
            if any(cell is not None for cell in cells):
                grid.append(["" if cell is None else cell for cell in cells])
                numbers.append(number)
        return grid, numbers
    finally:
        book.close()
