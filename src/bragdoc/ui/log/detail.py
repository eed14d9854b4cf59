"""The selected win in full, beside the log: everything the list cuts short.

Links are shown as links and open in the person's browser only when clicked (or
activated from the keyboard); nothing here fetches anything. Only web, mail and local
file addresses become links: anything else a win's text holds is shown as plain text.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from bragdoc.domain.precision import format_dated
from bragdoc.domain.records import ProjectView, WinView
from bragdoc.domain.vocabulary import PILLAR_LABELS, SCOPE_LABELS

OPENABLE = frozenset({"http", "https", "file", "mailto"})
EMPTY_TEXT = "Select a win to see all of it here."


def openable(link: str) -> QUrl | None:
    """The address a link opens, or None when it is not one bragdoc hands to a browser.
    People often paste `www.…` without a scheme or a file's absolute path; anything else
    without a scheme is not guessed at."""
    text = link.strip()
    if text.lower().startswith("www."):
        text = "https://" + text
    url = QUrl.fromLocalFile(text) if text.startswith("/") else QUrl(text)
    if url.isValid() and url.scheme().lower() in OPENABLE and (url.host() or url.path()):
        return url
    return None


def outcome_state(win: WinView, today: dt.date) -> str:
    """Where the win's real outcome stands, in words (also read out for the list's marker)."""
    if win.follow_up is None:
        return "No outcome pending."
    day = format_dated(win.follow_up)
    if win.follow_up < today:
        return f"Outcome pending — it was due on {day}."
    if win.follow_up == today:
        return "Outcome pending — due today."
    return f"Outcome pending — due on {day}."


def _row(label: str, value: str) -> str:
    return (f"<tr><td style='padding-right:10px; white-space:nowrap'><b>{label}</b></td>"
            f"<td>{value}</td></tr>")


def _link(link: str) -> str:
    url = openable(link)
    text = html.escape(link)
    if url is None:
        return text
    return f"<a href='{html.escape(url.toString(), quote=True)}'>{text}</a>"


def win_html(win: WinView, project: ProjectView | None, today: dt.date) -> str:
    """The win as rich text; every piece of the person's own text is escaped."""
    esc = html.escape
    rows = [_row("Date", esc(format_dated(win.date, win.date_precision)))]
    if win.project_name:
        rows.append(_row("Project", esc(win.project_name)))
    if project is not None:
        scope = SCOPE_LABELS.get(project.scope, project.scope)
        role = f", {esc(project.role)}" if project.role else ""
        rows.append(_row("Scope", esc(scope) + role))
    if win.pillars:
        rows.append(_row("Pillars", esc(", ".join(PILLAR_LABELS.get(p, p) for p in win.pillars))))
    if win.tags:
        rows.append(_row("Tags", esc(", ".join(f"@{t}" for t in win.tags))))
    rows.append(_row("Outcome", esc(outcome_state(win, today))))
    parts = [f"<h3>{esc(win.title)}</h3>", "<table>" + "".join(rows) + "</table>"]
    if win.details:
        paragraphs = "".join(f"<p>{esc(p)}</p>" for p in win.details.split("\n") if p.strip())
        parts.append(f"<h4>Description</h4>{paragraphs}")
    if win.metrics:
        items = []
        for view in win.metrics:
            metric = view.metric
            reading = (f"✓ {esc(metric.explain())}" if metric.quantified
                       else "⚠ not quantified — no number bragdoc can compare")
            items.append(f"<li>{esc(metric.text or view.label)}<br><i>{reading}</i></li>")
        parts.append("<h4>Impact</h4><ul>" + "".join(items) + "</ul>")
    if win.links:
        parts.append("<h4>Links</h4><ul>"
                     + "".join(f"<li>{_link(link)}</li>" for link in win.links) + "</ul>")
    return "".join(parts)


class WinDetail(QTextBrowser):
    """Read-only; Tab reaches its links and Enter opens the one with focus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("win_detail")
        self.setAccessibleName("Selected win")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._open)
        self.show_win(None, None, dt.date.today())

    def show_win(self, win: WinView | None, project: ProjectView | None,
                 today: dt.date) -> None:
        if win is None:
            self.setHtml(f"<p>{EMPTY_TEXT}</p>")
            self.setAccessibleDescription(EMPTY_TEXT)
            return
        self.setHtml(win_html(win, project, today))
        self.setAccessibleDescription(f"{win.title}. {outcome_state(win, today)}")

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        # A win's text never loads anything: no images, no style sheets, local or not.
        return None

    @staticmethod
    def _open(url: QUrl) -> None:
        checked = openable(url.toString())
        if checked is not None:
            QDesktopServices.openUrl(checked)
