"""The Chinese reads as a Chinese HR manager writes it (METHOD.md §2): one word for each
thing, Chinese punctuation, one catalogue entry per message."""

import collections
import re
from dataclasses import dataclass

import polib
import pytest

from kpidesk import i18n
from kpidesk.resources import asset
from kpidesk.core.locks import actual_lock, line_field_lock

GLOSSARY_PATH = asset("locale", "glossary.tsv")


@dataclass(frozen=True)
class Term:
    context: str | None
    english: str
    chinese: str
    forbidden: tuple[str, ...]

    @property
    def kept_in_english(self) -> bool:
        return self.english == self.chinese


def glossary() -> list[Term]:
    """resources/locale/glossary.tsv: English (``context|msgid`` for a msgctxt), 中文, note
    (``forbidden: a、b`` names the variants the catalogue must not use)."""
    terms = []
    lines = [l for l in GLOSSARY_PATH.read_text(encoding="utf-8").splitlines() if l.strip()]
    rows = [l.split("\t") for l in lines if not l.startswith("#")]
    assert rows[0] == ["english", "中文", "note"]
    for english, chinese, note in rows[1:]:
        context, _bar, msgid = english.rpartition("|")
        found = re.search(r"forbidden: ([^;]+)", note)
        forbidden = tuple(v.strip() for v in found.group(1).split("、")) if found else ()
        terms.append(Term(context or None, msgid, chinese, forbidden))
    return terms


# Words a reviewer found for things that have a §2 / §8 name of their own (the glossary's
# "forbidden" variants), and punctuation a Chinese text does not use.
FORBIDDEN = {
    variant: f"{term.chinese} ({term.english})" for term in glossary() for variant in term.forbidden
} | {
    "「": "“ (Chinese quotation marks)",
    "」": "” (Chinese quotation marks)",
}
CJK = "[\u4e00-\u9fff]"


def zh_entries():
    return [e for e in polib.pofile(str(i18n.catalogue_path("zh_CN"))) if e.msgid]


# A forbidden variant that is part of its own term (考评会 in 绩效考评会) is found only outside it.
_OWN_TERM = {
    variant: term.chinese
    for term in glossary()
    for variant in term.forbidden
    if variant in term.chinese
}


def _uses(word: str, msgstr: str) -> bool:
    own = _OWN_TERM.get(word)
    return word in (msgstr.replace(own, "") if own else msgstr)


def forbidden_variants(msgstr: str) -> list[str]:
    """The variants of a glossary term a Chinese text uses; a contract is named in full
    (绩效合同; a contract's line is 合同指标)."""
    found = [word for word in FORBIDDEN if _uses(word, msgstr)]
    if re.search("(?<!绩效)合同(?!指标)", msgstr):
        found.append("合同")
    return found


# What a Chinese text may show in Latin letters besides the glossary's names: placeholders,
# command-line options and commands, file patterns, menu accelerators, period codes, sizes.
_NOT_WORDS = re.compile(
    r"\{[^}]*\}|--[a-z][a-z-]*|\*\.[a-z]+|\(&[A-Z]\)|&[A-Za-z]|\b\d{4}-[QH]\d\b"
    r"|\b\d+x\d+\b|WIDTHxHEIGHT|\bkpidesk backup (?:list|create|restore)\b|\bkpidesk [a-z]+\b"
    r"|\+[A-Z]\b"
)
# Messages whose Chinese still names a code; none left (the direction messages say 越高越好 /
# 越低越好 since issue 10 round 2). Add none.
PENDING: set[str] = set()


def english_words(msgstr: str) -> list[str]:
    """English words in a Chinese text that are not names the glossary keeps in English."""
    kept = {term.english for term in glossary() if term.kept_in_english}
    words = re.findall(r"[A-Za-z][A-Za-z_]*", _NOT_WORDS.sub(" ", msgstr))
    return [w for w in words if w not in kept and w != "kpidesk"]


@pytest.mark.parametrize("word", FORBIDDEN)
def test_no_translation_uses_a_word_method_names_otherwise(word):
    offending = [(e.msgid, e.msgstr) for e in zh_entries() if _uses(word, e.msgstr)]
    assert not offending, f"{word} → use {FORBIDDEN[word]}:\n" + "\n".join(
        f"  {msgid!r}: {msgstr}" for msgid, msgstr in offending
    )


def test_a_contract_is_named_in_full():
    offending = [e.msgstr for e in zh_entries() if "合同" in forbidden_variants(e.msgstr)]
    assert offending == []


def test_no_english_word_inside_a_chinese_message():
    offending = {
        e.msgid: english_words(e.msgstr)
        for e in zh_entries()
        if e.msgid not in PENDING and english_words(e.msgstr)
    }
    assert offending == {}


def test_the_checks_catch_english_and_a_term_outside_the_glossary():
    """The two checks above bite: a rule kind's code or a direction left in English, and a
    variant the glossary forbids, are found."""
    assert english_words("方向须为“higher”或“lower”") == ["higher", "lower"]
    assert english_words("评分规则类型 linear 不存在") == ["linear"]
    assert english_words("{name} 不是 kpidesk 文件：请用 --force（Ctrl+Z 撤销），见 2003-H1") == []
    assert forbidden_variants("该职位已有合同") == ["职位", "合同"]
    assert forbidden_variants("本考核期间的业绩合同") == ["考核期间", "业绩合同", "合同"]
    assert forbidden_variants("该岗位的绩效合同和合同指标") == []
    # issue 10 round 3: 实际值, 考评会 outside 绩效考评会, 负责单位
    assert forbidden_variants("线形增减指标的实际值须为数字") == ["实际值"]
    assert forbidden_variants("打印考评会资料…") == ["考评会"]
    assert forbidden_variants("经季度绩效考评会同意；打印绩效考评会资料") == []
    assert forbidden_variants("负责单位代码") == ["负责单位"]
    assert forbidden_variants("实际完成值、负责部门/岗位") == []


# An English comma separating a list inside Chinese ("优秀, 良好"): a list is joined with the
# catalogue's separator ", " → "、" (core.problems.joined, rule_kinds.base.listed).
_ENGLISH_LIST = re.compile(f"{CJK}\\s*,|,\\s*{CJK}")


def english_list_separator(text: str) -> bool:
    return bool(_ENGLISH_LIST.search(text))


def _rule_refusals_in_chinese() -> list[str]:
    """The rule messages that name a list, as a Chinese user reads them."""
    from kpidesk.core.entry import parse_grade
    from kpidesk.core.problems import KpideskError
    from kpidesk.core.rule_kinds import REGISTRY, rule_kind

    rating = REGISTRY["rating"]
    scale = dict(rating.new_rule(10, i18n.N_), levels=[
        {"label": "优秀", "share": 1.0}, {"label": "良好", "share": 0.8}, {"label": "较差", "share": 0.0}
    ])
    grade = {"kind": "grade", "levels": [{"label": "甲", "points": 10}, {"label": "乙", "points": 5}]}
    texts = []
    for call in (
        lambda: rating.read_actual(scale, "一般"),
        lambda: rating.score(scale, "一般", 10),
        lambda: parse_grade(grade, "丙"),
        lambda: REGISTRY["grade"].score(grade, "丙", 10),
        lambda: rule_kind("magic"),
    ):
        with pytest.raises(KpideskError) as raised:
            call()
        texts += [p.text("zh_CN") for p in raised.value.problems]
    return texts


def test_a_list_inside_chinese_is_separated_by_dunhao():
    texts = _rule_refusals_in_chinese()
    assert len(texts) == 5
    assert [t for t in texts if english_list_separator(t)] == []
    assert all("、" in t for t in texts)
    # the check bites
    assert english_list_separator("请填写以下之一：优秀, 良好, 较差")
    assert english_list_separator("可用：难易折线,线形增减")
    assert not english_list_separator("请填写以下之一：优秀、良好（或序号1–3）; 1,000 元")


def test_the_catalogue_says_each_glossary_term_as_the_glossary_does():
    catalogue = {(e.msgctxt, e.msgid): e.msgstr for e in zh_entries()}
    differing = {
        (term.context, term.english): (catalogue[(term.context, term.english)], term.chinese)
        for term in glossary()
        if not term.kept_in_english
        and (term.context, term.english) in catalogue
        and catalogue[(term.context, term.english)] != term.chinese
    }
    assert differing == {}
    assert ("printed table", "Target") in catalogue  # the glossary's contexts are used


def test_every_message_has_one_entry():
    counts = collections.Counter((e.msgctxt, e.msgid) for e in zh_entries())
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
