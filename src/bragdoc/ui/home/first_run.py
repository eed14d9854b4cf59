"""First run: who the record belongs to and where they stand — name, company ladder,
current and target level, and since when — in under a minute, and skippable.

Readiness and the packet measure the record against the ladder; without a level they
can only say so. Everything here can be changed later in Profile & settings.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.errors import InvalidInput, UserError
from bragdoc.domain.periods import parse_day
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.field_errors import error_label, show_error
from bragdoc.ui.kit.jobs import wait_off_the_ui_thread
from bragdoc.ui.kit.ladder_picker import LadderPicker
from bragdoc.ui.kit.views import chain_tab_order


class FirstRunDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Set up bragdoc")
        self.setMinimumWidth(520)
        profile = ctx.services.queries.profile()
        self.picker = LadderPicker(ctx.services.ladders.list(), (
            "first_run_ladder", "first_run_current", "first_run_target"), self)
        self.ladder, self.current, self.target = (self.picker.ladder, self.picker.current,
                                                  self.picker.target)

        intro = QLabel("Where do you stand today? bragdoc measures your record against your "
                       "company's ladder. All of it can be changed later in Profile & "
                       "settings.")
        intro.setWordWrap(True)
        self.name = QLineEdit(profile.name, objectName="first_run_name")
        self.name.setPlaceholderText("Your name, as the packet shows it")
        self.since = QLineEdit(objectName="first_run_since")
        self.since.setPlaceholderText("YYYY-MM-DD, or words such as 'last year'")
        if profile.level_since:
            self.since.setText(profile.level_since.isoformat())
        self.since_error = error_label("first_run_since_error")
        self.save_error = error_label("first_run_save_error")

        form = QFormLayout()
        for text, field in (("&Name", self.name), ("Company &ladder", self.ladder),
                            ("&Current level", self.current), ("&Target level", self.target),
                            ("At this level s&ince", self.since)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("", self.since_error)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("first_run_save")
        self.skip_button = self.buttons.addButton("S&kip for now",
                                                  QDialogButtonBox.ButtonRole.RejectRole)
        self.skip_button.setObjectName("first_run_skip")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.save_error)
        layout.addWidget(self.buttons)

        self.picker.select(profile.company, profile.current_level, profile.target_level)
        chain_tab_order(self.name, self.ladder, self.current, self.target, self.since,
                        self.buttons)
        self.name.setFocus()

    def accept(self) -> None:
        text = self.since.text().strip()
        since: dt.date | None = None
        if text:
            try:
                since = parse_day(text, self.ctx.services.today(), what="level since")
            except InvalidInput as exc:
                show_error(self.since_error, str(exc))
                self.since.setFocus()
                return
        show_error(self.since_error, None)
        try:
            changes = {"name": self.name.text(), **self.picker.values(), "level_since": since}
            profile = self.ctx.services.profile
            wait_off_the_ui_thread(lambda: profile.update(**changes))
        except UserError as exc:
            show_error(self.save_error, describe(exc, "Not saved"))
            return
        self.ctx.signals.profile_changed.emit()
        super().accept()
