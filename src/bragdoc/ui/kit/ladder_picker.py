"""The ladder and the two levels a profile names, as lists to choose from.

Shared by the first run and Profile & settings. A shipped ladder offers only its own
levels; a user's own ladder file offers its levels and also takes what the person types,
since such a file may describe only part of a ladder. The profile service checks the
choice again when it is saved.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from bragdoc.domain.ladders import Ladder, Level

NOT_SET = ""


class LadderPicker:
    def __init__(self, ladders: list[Ladder], names: tuple[str, str, str],
                 parent: QWidget | None = None) -> None:
        """`names`: the object names of the ladder, current and target level lists."""
        self.ladders = ladders
        ladder_name, current_name, target_name = names
        self.ladder = QComboBox(parent, objectName=ladder_name)
        for ladder in ladders:
            own = " (your ladder file)" if ladder.origin == "user" else ""
            self.ladder.addItem(f"{ladder.title}{own}", ladder.name)
        self.ladder.setToolTip("The levelling guide your promotion is judged against; your "
                               "own ladder files are listed too")
        self.current = QComboBox(parent, objectName=current_name)
        self.target = QComboBox(parent, objectName=target_name)
        self.current.setAccessibleName("Current level")
        self.target.setAccessibleName("Target level")
        self.ladder.setAccessibleName("Company ladder")
        self.ladder.currentIndexChanged.connect(self._fill_levels)
        self.current.currentIndexChanged.connect(self._suggest_target)
        self._fill_levels()

    def chosen(self) -> Ladder | None:
        index = self.ladder.currentIndex()
        return self.ladders[index] if 0 <= index < len(self.ladders) else None

    def select(self, company: str, current: str, target: str) -> None:
        """Show a profile's choice; a level the ladder does not list (typed into a user's
        own ladder, or saved before levels were checked) is shown as it was saved."""
        self.ladder.setCurrentIndex(max(0, self.ladder.findData(company)))
        self._show_level(self.current, current)
        self._show_level(self.target, target)

    def values(self) -> dict[str, str]:
        return {"company": self.ladder.currentData() or "generic",
                "current_level": self._level_of(self.current),
                "target_level": self._level_of(self.target)}

    @staticmethod
    def _level_of(combo: QComboBox) -> str:
        text = combo.currentText().strip()
        index = combo.findText(text)
        if index >= 0:
            return str(combo.itemData(index) or NOT_SET)
        return text

    def _show_level(self, combo: QComboBox, saved: str) -> None:
        ladder = self.chosen()
        level: Level | None = ladder.level(saved) if ladder and saved else None
        if level is not None:
            combo.setCurrentIndex(combo.findData(level.id))
        elif not saved:
            combo.setCurrentIndex(0)
        elif combo.isEditable():
            combo.setCurrentText(saved)
        else:
            combo.addItem(f"{saved} (not on this ladder)", saved)
            combo.setCurrentIndex(combo.count() - 1)

    def _fill_levels(self) -> None:
        ladder = self.chosen()
        own = ladder is not None and ladder.origin == "user"
        for combo in (self.current, self.target):
            combo.blockSignals(True)
            combo.clear()
            combo.setEditable(own)
            combo.addItem("Not set", NOT_SET)
            for level in ladder.levels if ladder else ():
                combo.addItem(f"{level.id} — {level.title}", level.id)
            combo.blockSignals(False)
        self._suggest_target()

    def _suggest_target(self) -> None:
        """The next level up, as most people aim for."""
        if self.current.currentIndex() > 0:
            self.target.setCurrentIndex(min(self.current.currentIndex() + 1,
                                            self.target.count() - 1))
