"""The left page of the period overview (数据, Data): the period chosen, a summary of where its data
stands, and the groups — every due line, each data provider, each unit — with their missing,
suspicious and delivered counts. Choosing a group lists its lines in the centre."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.readiness import LineState
from kpidesk.i18n import _, ngettext, pgettext
from kpidesk.services.period_overview import COMMITTEE, PeriodOverview, Tally

from kpidesk.ui.review.period_choice import PeriodChoice

GROUP_ROLE = Qt.ItemDataRole.UserRole + 1  # ("all",) | ("provider", key) | ("unit", id)
COUNTED = (LineState.MISSING, LineState.SUSPICIOUS, LineState.DELIVERED)


class PeriodPage(QWidget):
    group_chosen = Signal(object)  # the group key (GROUP_ROLE)

    def __init__(self, year: int, current: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("periodPage")
        self.choice = PeriodChoice(year, current)
        self.choice_label = QLabel()
        self.choice_label.setBuddy(self.choice)
        self.summary = QLabel()
        self.summary.setObjectName("periodSummary")
        self.summary.setWordWrap(True)
        self.groups = QTreeWidget()
        self.groups.setObjectName("periodGroups")
        self.groups.setColumnCount(1 + len(COUNTED))
        self.groups.setRootIsDecorated(True)
        self.groups.setUniformRowHeights(True)
        self.groups.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.groups.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 1 + len(COUNTED)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.groups.currentItemChanged.connect(self._current_changed)
        self.templates_button = QPushButton()
        self.templates_button.setObjectName("periodTemplatesButton")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.choice_label)
        layout.addWidget(self.choice)
        layout.addWidget(self.summary)
        layout.addWidget(self.groups, 1)
        layout.addWidget(self.templates_button)
        self.overview: PeriodOverview | None = None

    def show_overview(self, overview: PeriodOverview) -> None:
        """Fill the groups from ``overview``, keeping the group chosen when it is still there."""
        kept = self.current_group()
        self.overview = overview
        self.groups.blockSignals(True)
        self.groups.clear()
        everything = self._item(None, _("Every due line"), overview.total, ("all",))
        self.groups.addTopLevelItem(everything)
        providers = QTreeWidgetItem([_("By data provider")])
        for key in overview.provider_names():
            tally = overview.providers[key]
            # The committee's lines have no column of their own: their count is in the name.
            name = (
                _("For the meeting to rate ({count})").format(count=tally.due)
                if key is COMMITTEE
                else tally.name or pgettext("data provider", "Other")
            )
            providers.addChild(self._item(None, name, tally.counts, ("provider", key)))
        units = QTreeWidgetItem([_("By unit")])
        for unit in overview.units.values():
            if unit.due:
                units.addChild(self._item(None, unit.name, unit.counts, ("unit", unit.unit_id)))
        for section in (providers, units):
            section.setFlags(section.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.groups.addTopLevelItem(section)
            section.setExpanded(True)
        self.groups.blockSignals(False)
        if kept is None or not self.select(kept):  # a group gone (a unit with nothing due)
            self.select(("all",))
        self._summarise(overview)

    @staticmethod
    def _item(parent, name: str, counts, key) -> QTreeWidgetItem:
        item = QTreeWidgetItem([name] + [str(counts[s]) if counts[s] else "" for s in COUNTED])
        item.setData(0, GROUP_ROLE, key)
        item.setToolTip(0, name)
        for column in range(1, 1 + len(COUNTED)):
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
        if counts[LineState.MISSING]:
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
        return item

    def _summarise(self, overview: PeriodOverview) -> None:
        total = overview.total
        due = sum(total.values())
        if not due:
            self.summary.setText(_("Nothing is due in this period."))
            return
        text = ngettext("{due} line due:", "{due} lines due:", due).format(due=due)
        parts = [
            _("{count} missing").format(count=total[LineState.MISSING]),
            _("{count} suspicious").format(count=total[LineState.SUSPICIOUS]),
            _("{count} delivered").format(count=total[LineState.DELIVERED]),
        ]
        if total[LineState.TO_RATE]:
            parts.append(
                _("{count} to be rated in the meeting").format(count=total[LineState.TO_RATE])
            )
        missing = len(overview.missing_providers())
        owing = (
            ngettext(
                "{count} provider still owes actuals.",
                "{count} providers still owe actuals.",
                missing,
            ).format(count=missing)
            if missing
            else _("Every provider has delivered.")
        )
        # TRANSLATORS: "45 lines due: 3 missing, 1 suspicious, 41 delivered. 2 providers …"
        self.summary.setText(_("{due} {parts}. {owing}").format(
            due=text, parts=_(", ").join(parts), owing=owing
        ))

    def current_group(self):
        item = self.groups.currentItem()
        return item.data(0, GROUP_ROLE) if item is not None else None

    def select(self, key) -> bool:
        """Make the group ``key`` current (and list its lines); False when it is not shown."""
        for item in self._items():
            if item.data(0, GROUP_ROLE) == key:
                self.groups.blockSignals(True)  # said once, below, moved or not
                self.groups.setCurrentItem(item)
                self.groups.blockSignals(False)
                self.groups.viewport().update()
                self.group_chosen.emit(key)
                return True
        return False

    def _items(self):
        for top in range(self.groups.topLevelItemCount()):
            item = self.groups.topLevelItem(top)
            yield item
            for child in range(item.childCount()):
                yield item.child(child)

    def tally(self, key) -> Tally | None:
        if self.overview is None or key is None or key[0] == "all":
            return None
        if key[0] == "provider":
            return self.overview.providers.get(key[1])
        return self.overview.units.get(key[1])

    def _current_changed(self, current, _previous) -> None:
        key = current.data(0, GROUP_ROLE) if current is not None else None
        if key is not None:
            self.group_chosen.emit(key)

    def retranslate(self) -> None:
        self.choice.retranslate()
        self.choice_label.setText(_("&Period:"))
        self.groups.setHeaderLabels(
            [
                _("Group"),
                pgettext("line state, short", "Missing"),
                # TRANSLATORS: a narrow column's head: suspicious actuals (存疑)
                pgettext("line state, short", "Odd"),
                # TRANSLATORS: a narrow column's head: delivered actuals (已报送)
                pgettext("line state, short", "In"),
            ]
        )
        header = self.groups.headerItem()
        for column, whole in enumerate(
            (
                pgettext("line state", "Missing"),
                pgettext("line state", "Suspicious"),
                pgettext("line state", "Delivered"),
            ),
            start=1,
        ):
            header.setToolTip(column, whole)
        self.templates_button.setText(_("Write templates of the providers missing…"))
        if self.overview is not None:
            self.show_overview(self.overview)
