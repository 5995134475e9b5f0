"""The Chinese reads as a Chinese HR manager writes it (METHOD.md §2): one word for each
thing, Chinese punctuation, one catalogue entry per message."""

import collections
import re

import polib
import pytest

from kpidesk import i18n
from kpidesk.core.locks import actual_lock, line_field_lock

# Words a reviewer found for things that have a §2 / §8 name of their own.
FORBIDDEN = {
    "职位": "岗位 (a position, §2)",
    "扣分项": "扣分指标 (the deduction category, §2)",
    "变更记录": "目标调整 / 目标调整记录 (an amendment, §8)",
    "合同变更": "目标调整 (an amendment, §8)",
    "考核期间": "考核周期 (a period, §2)",
    "业绩合同": "绩效合同 (the printed title, §8: one name for the contract)",
    "「": "“ (Chinese quotation marks)",
    "」": "” (Chinese quotation marks)",
}
CJK = "[\u4e00-\u9fff]"


def zh_entries():
    return [e for e in polib.pofile(str(i18n.catalogue_path("zh_CN"))) if e.msgid]


@pytest.mark.parametrize("word", FORBIDDEN)
def test_no_translation_uses_a_word_method_names_otherwise(word):
    offending = [(e.msgid, e.msgstr) for e in zh_entries() if word in e.msgstr]
    assert not offending, f"{word} → use {FORBIDDEN[word]}:\n" + "\n".join(
        f"  {msgid!r}: {msgstr}" for msgid, msgstr in offending
    )


def test_every_message_has_one_entry():
    counts = collections.Counter(e.msgid for e in zh_entries())
    assert [m for m, n in counts.items() if n > 1] == []


def test_chinese_quotes_text_with_chinese_quotation_marks():
    offending = [e.msgstr for e in zh_entries() if '"' in e.msgstr]
    assert offending == []


def test_no_english_comma_colon_or_semicolon_follows_chinese():
    pattern = re.compile(f"{CJK}[,:;?]")
    offending = [e.msgstr for e in zh_entries() if pattern.search(e.msgstr)]
    assert offending == []


def test_an_amendment_has_one_name():
    """Button, lock message, dialog, signing and history all call it 目标调整."""
    zh = {e.msgid: e.msgstr for e in zh_entries()}
    assert zh["History…"] == "目标调整记录…"
    amendment_texts = [s for m, s in zh.items() if "amend" in m.lower()]
    assert amendment_texts and all("调整" in s for s in amendment_texts)


def test_the_lock_reasons_say_target_adjustment_and_deduction_indicator():
    before = i18n.language()
    i18n.set_language("zh_CN")
    try:
        sealed = line_field_lock("signed", "weight")
        deduction = actual_lock("signed", deduction=True)
    finally:
        i18n.set_language(before)
    assert "只能通过目标调整修改" in sealed
    assert deduction.startswith("扣分指标按事件计次")


def test_excel_titles_say_kaohe_zhouqi_and_earlier_workbooks_still_read():
    from kpidesk.exchange.columns import column_key, column_title, sheet_key, sheet_title

    assert column_title("period", "zh_CN") == "考核周期"
    assert sheet_title("periods", "zh_CN") == "考核周期"
    assert column_title("cycle", "zh_CN") == "考核周期类型"  # the KPI's kind of period
    assert column_key("考核周期") == "period" and column_key("考核周期类型") == "cycle"
    assert column_key("考核期间") == "period" and sheet_key("考核期间") == "periods"
