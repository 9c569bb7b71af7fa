"""Window titles that say what is on screen. Qt-free.

The task switcher and the panel show the title, so it names the most
specific thing first and ends with the program's name: "Pigeon pose -
hiptimer", "Paused - Pigeon pose - hiptimer", "Level 2 - hiptimer".

Ending with the application display name matters: Qt appends the display
name to a title that does not already end with it, and this way it never
shows "hiptimer" twice.
"""

from __future__ import annotations

from hiptimer.desktop.identity import APP_NAME

SEPARATOR = " - "
MAX_PART = 60  # characters of one name before it is cut with an ellipsis

# Pages the window can show, as the window calls them.
PICKER = "picker"
PLAYER = "player"
SUMMARY = "summary"
HISTORY = "history"
ROM = "rom"

_PAGE_WORDS = {HISTORY: "History", ROM: "Range of motion"}


def clean_part(text: str | None, limit: int = MAX_PART) -> str:
    """One line of plain text: no control characters, single spaces, bounded length.

    Names come from routine files, which anyone can write; a title must stay
    one short line whatever they hold.
    """
    if not text:
        return ""
    import unicodedata  # not at import: the first frame's modules import this one

    chars = []
    for ch in str(text)[: limit * 8]:  # bounded work on huge input
        cat = unicodedata.category(ch)
        chars.append(" " if cat.startswith(("C", "Z")) else ch)
    words = "".join(chars).split()
    line = " ".join(words)
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "\u2026"
    # Qt treats "[*]" in a window title as the modified-document marker.
    return line.replace("[*]", "[ * ]")


def window_title(page: str, routine_title: str | None = None, exercise_name: str | None = None,
                 paused: bool = False) -> str:
    """The title for ``page`` ("picker", "player", "summary", "history", "rom").

    * picker: the routine selected ("Level 2 - hiptimer"), or just "hiptimer";
    * player: the exercise now ("Pigeon pose - hiptimer"), with "Paused - "
      in front while paused; the routine's title when no exercise is known;
    * summary: "Done - Level 2 - hiptimer";
    * history and rom: the page's name ("History - hiptimer").

    Unknown pages get the routine's title if any, so a new page never breaks
    the title.
    """
    routine = clean_part(routine_title)
    exercise = clean_part(exercise_name)
    parts: list[str] = []
    if page == PLAYER:
        if paused:
            parts.append("Paused")
        if exercise or routine:
            parts.append(exercise or routine)
    elif page == SUMMARY:
        parts.append("Done")
        if routine:
            parts.append(routine)
    elif page in _PAGE_WORDS:
        parts.append(_PAGE_WORDS[page])
    elif routine:
        parts.append(routine)
    parts.append(APP_NAME)
    return SEPARATOR.join(parts)
