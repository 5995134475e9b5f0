"""One translation mechanism: every message the code shows has a Simplified Chinese text."""

import polib
import pytest

from kpidesk import i18n
from kpidesk.i18n_extract import messages


def test_every_message_is_translated_to_simplified_chinese():
    """Every (msgctxt, msgid) Babel extracts from the code has a zh_CN text."""
    catalogue = polib.pofile(str(i18n.catalogue_path("zh_CN")))
    translated = {
        (e.msgctxt, e.msgid)
        for e in catalogue
        if (e.msgstr.strip() or any(v.strip() for v in e.msgstr_plural.values()))
        and "fuzzy" not in e.flags
    }
    missing = {m: places for m, places in messages().items() if m not in translated}
    assert not missing, "untranslated zh_CN messages:\n" + "\n".join(
        f"  {(c + ' | ') if c else ''}{m!r} at {', '.join(p)}" for (c, m), p in missing.items()
    )


def test_translations_keep_their_placeholders():
    import string

    fields = lambda text: sorted(f for _, f, _, _ in string.Formatter().parse(text) if f)
    for entry in polib.pofile(str(i18n.catalogue_path("zh_CN"))):
        if entry.msgid_plural:  # Chinese has one form; it may leave out the count's word
            for text in entry.msgstr_plural.values():
                assert set(fields(text)) <= set(fields(entry.msgid_plural)), entry.msgid
        else:
            assert fields(entry.msgid) == fields(entry.msgstr), entry.msgid


@pytest.mark.parametrize(
    "given, lang",
    [
        ("zh", "zh_CN"),
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh-Hans", "zh_CN"),
        ("en_GB", "en"),
        ("", "en"),
        (None, "en"),
        ("de_DE", "en"),
    ],
)
def test_language_names_normalise(given, lang):
    assert i18n.normalise(given) == lang


def test_switching_language_outside_qt():
    before = i18n.language()
    try:
        i18n.set_language("zh_CN")
        assert i18n.gettext("Value tree") == "价值树"
        i18n.set_language("en")
        assert i18n.gettext("Value tree") == "Value tree"
        assert i18n.gettext("Value tree", "zh_CN") == "价值树"
    finally:
        i18n.set_language(before)


def test_the_environment_chooses_the_language(monkeypatch):
    monkeypatch.setenv("KPIDESK_LANG", "zh_CN.UTF-8")
    assert i18n.system_language() == "zh_CN"


def test_one_english_word_with_two_chinese_readings_has_a_context():
    """msgctxt: the printed contract's table says 目标完成值 and 绩效分值 (METHOD §8), the
    editor's target is 目标; the Excel column of an organisation unit is 组织单元, a KPI's unit
    单位; a closed period 已结账, a closed contract 已关闭."""
    assert i18n.pgettext("printed table", "Target", "zh_CN") == "目标完成值"
    assert i18n.gettext("Target", "zh_CN") == "目标"
    assert i18n.pgettext("printed table", "Points", "zh_CN") == "绩效分值"
    assert i18n.gettext("Points", "zh_CN") == "分值"
    assert i18n.pgettext("organisation unit", "Unit", "zh_CN") == "组织单元"
    assert i18n.gettext("Unit", "zh_CN") == "单位"
    assert i18n.pgettext("period", "Closed", "zh_CN") == "已结账"
    assert i18n.gettext("closed", "zh_CN") == "已关闭"
    assert i18n.pgettext("printed table", "Target", "en") == "Target"


def test_a_count_takes_its_plural_form():
    one, many = "{count} problem; nothing was imported", "{count} problems; nothing was imported"
    assert i18n.ngettext(one, many, 1, "en") == one
    assert i18n.ngettext(one, many, 3, "en") == many
    assert i18n.ngettext(one, many, 1, "zh_CN") == i18n.ngettext(one, many, 3, "zh_CN")
    assert i18n.ngettext(one, many, 3, "zh_CN").startswith("发现 {count} 个问题")


def test_babel_finds_contexts_plurals_and_the_error_shapes_markers():
    found = messages()
    assert ("printed table", "Target") in found
    assert (None, "{count} problem; nothing was imported") in found  # ngettext, by its singular
    assert (None, "the column '{column}' is missing") in found  # sheet_problem(…, N_(…))
    assert (None, "pay breakpoints must rise in score") in found  # RuleError(N_(…), …)


def test_a_translators_comment_reaches_the_template():
    from kpidesk.i18n_extract import catalogue

    date = catalogue().get("{year}-{month:02}-{day:02}")
    assert date.auto_comments and "leading zeros" in date.auto_comments[0]
