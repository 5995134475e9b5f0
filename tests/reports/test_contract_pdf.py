"""Printed contracts, score sheets and meeting packs: text extracts correctly, fonts embed,
pages render."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kpidesk.services import open_document
from kpidesk.services.printing import PrintService
from tests import fonts as fonts_installed

if not shutil.which("pdftotext"):
    pytest.fail("poppler-utils is not installed; packaging/dev.sh test installs it")


def text_of(path, *args) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def printer(demo_path):
    with open_document(demo_path) as document:
        yield PrintService(document)


def test_a_contract_prints_every_kpi_weight_and_target(printer, tmp_path):
    contract = next(c for c in printer.firm.contracts() if c.position == "营销部门总经理")
    out = tmp_path / "gm.pdf"
    printer.contract(contract.id, out, "zh_CN")
    text = text_of(out)
    squeezed = text.replace("\n", "").replace(" ", "")
    assert "营销部门营销部门总经理绩效合同(协议)" in squeezed
    for line in contract.lines:
        assert line.indicator in squeezed, line.indicator
        if not line.deduction:
            assert f"{line.weight:g}%" in text
        for target in (line.minimum, line.base, line.challenge):
            if target is not None:
                assert f"{target:g}" in text
    for words in (
        "受约人",
        "发约人1",
        "发约人2",
        "周明杰",
        "林志远",
        "2003年1月1日",
        "2003年1月8日",
        "签名",
        "第 1 页 / 共 2 页",
        "22.73(力争23.2)",
        "每次扣 5 分",
    ):
        assert words.replace(" ", "") in squeezed, words


def test_the_font_is_embedded_as_a_subset(printer, tmp_path):
    out = tmp_path / "c.pdf"
    printer.contract(printer.firm.contracts()[0].id, out, "zh_CN")
    fonts = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout
    row = next(line for line in fonts.splitlines() if "WenQuanYi" in line)
    assert row.split()[0].startswith("AAAAA") and "+" in row  # a subset…
    assert "TrueType" in row and " yes yes yes " in row  # …embedded, with a Unicode map


def test_long_contracts_break_across_pages_with_the_header_repeated(printer, tmp_path):
    contract = next(c for c in printer.firm.contracts() if c.position == "营销部门总经理")
    out = tmp_path / "gm.pdf"
    printer.contract(contract.id, out, "zh_CN", period="2003-06")
    pages = [p.replace(" ", "") for p in text_of(out).split("\f") if p.strip()]
    assert len(pages) == 2
    for page in pages:
        assert "关键绩效指标" in page  # the table header on each page
    assert "第2页/共2页" in pages[1] and "关键人才流失率" in pages[1]
    # The demo's June for the general manager (its generated actuals are fixed): 84.21 points.
    assert "84.21" in pages[1]


def test_english_contract(printer, tmp_path):
    out = tmp_path / "en.pdf"
    printer.contract(printer.firm.contracts()[0].id, out, "en")
    text = text_of(out)
    assert "performance contract (agreement)" in text
    assert "Contractee (signature):" in text and "Page 1 of 2" in text
    assert "Base 22.73 earns 20 points" in text.replace("\n", " ")


def test_page_one_renders(printer, tmp_path):
    """The title is drawn where the page says it is (its glyphs, not empty boxes: the embedded
    font serves them), and the top margin stays blank."""
    import re

    out = tmp_path / "c.pdf"
    printer.contract(printer.firm.contracts()[0].id, out, "zh_CN")
    dpi = 50
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")],
        check=True,
    )
    words = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(out), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    boxes = re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">营销部门总经理绩效合同',
        words,
    )
    title = max(boxes, key=lambda box: float(box[3]) - float(box[1]))  # the large one, not the header's
    from PIL import Image  # pypdfium2's companion

    image = Image.open(tmp_path / "p-1.png").convert("L")
    to_pixels = dpi / 72
    x0, y0, x1, y1 = (round(float(v) * to_pixels) for v in title)
    inked = sum(image.crop((x0, y0, x1, y1)).histogram()[:128])
    assert inked > 0.15 * (x1 - x0) * (y1 - y0)  # 营销部门总经理绩效合同(协议) drawn in dark strokes
    assert abs((x0 + x1) / 2 - image.width / 2) < 0.1 * image.width  # centred
    margin = image.crop((0, 0, image.width, round(15 * to_pixels)))  # the top 15 pt
    assert sum(margin.histogram()[:128]) == 0


def test_score_sheet_and_meeting_pack(printer, tmp_path):
    firm = printer.firm
    clerk = next(c for c in firm.contracts() if c.position == "营业厅营业员")
    sheet = tmp_path / "sheet.pdf"
    printer.print_score_sheet(clerk.id, "2003-05", sheet, "zh_CN")
    text = text_of(sheet).replace(" ", "")
    # The demo clerk's May: 80.85 points after the 5 of the sample major complaint.
    assert "总分80.85/100（扣分5）" in text and "重大投诉×1" in text
    pack = tmp_path / "pack.pdf"
    printer.print_meeting_pack("2003-06", pack, "zh_CN")
    pages = text_of(pack).split("\f")
    assert "绩效考评会资料2003年6月" in pages[0].replace(" ", "")
    for contract in firm.contracts():
        assert contract.position in pages[0].replace(" ", "")
    units = {c.unit for c in firm.contracts()}
    assert len([p for p in pages if p.strip()]) >= 1 + len(units)


def test_without_a_system_font_printing_falls_back(printer, tmp_path, monkeypatch):
    from kpidesk.reports import fonts

    monkeypatch.setattr(fonts, "CANDIDATES", ())
    monkeypatch.delenv("KPIDESK_PDF_FONT", raising=False)
    font = fonts.cjk_font("/no/such/font.ttf")
    assert font.name == "STSong-Light" and not font.embedded


ZEN_HEI = fonts_installed.zen_hei()  # not the first system candidate


def test_a_font_the_user_picks_is_embedded_in_every_pdf(demo_path, tmp_path):
    from kpidesk.services import open_document
    from kpidesk.services.printing import PrintService

    with open_document(demo_path) as document:
        printer = PrintService(document, ZEN_HEI)
        contract = printer.firm.contracts()[0]
        outs = [tmp_path / "contract.pdf", tmp_path / "sheet.pdf", tmp_path / "pack.pdf"]
        printer.contract(contract.id, outs[0], "zh_CN")
        printer.print_score_sheet(contract.id, "2003-06", outs[1], "zh_CN")
        printer.print_meeting_pack("2003-06", outs[2], "zh_CN")
    for out in outs:
        fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
        assert "ZenHei" in fonts and "MicroHei" not in fonts, (out, fonts)
    assert "绩效合同" in text_of(outs[0])


def test_a_font_that_cannot_serve_is_refused_with_the_reason(tmp_path):
    from kpidesk.reports.fonts import font_problem

    junk = tmp_path / "junk.ttf"
    junk.write_text("not a font")
    assert font_problem(ZEN_HEI) is None
    assert "cannot be embedded" in font_problem(str(junk))
    import reportlab

    latin_only = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    assert "no Chinese characters" in font_problem(str(latin_only))
    assert "not a font file" in font_problem(str(tmp_path / "missing.ttf"))


def test_print_command_writes_one_pdf_per_contract(demo_path, tmp_path):
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kpidesk",
            "print",
            str(demo_path),
            "--out",
            str(tmp_path / "out"),
            "--unit",
            "营销部门",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    written = result.stdout.split()
    assert len(written) == 3  # marketing GM, public-customer manager, business-hall clerk
    assert all(path.endswith(".pdf") for path in written)
