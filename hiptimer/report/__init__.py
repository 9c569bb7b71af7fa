"""The PDF report for the physical therapist (Qt's PDF writer; no window needed).

Its content is gathered Qt-free by :mod:`hiptimer.coach.report_data`;
:mod:`.pdf` paints its sections (with :mod:`.layout` for blocks and tables,
:mod:`.charts` for the charts, :mod:`.style` for fonts and colours), and
:mod:`.command` is ``hiptimer report``. The window's File > Report uses
:mod:`.pdf` too. Nothing below the ui imports this
package but ``hiptimer.__main__`` (the command) and ``hiptimer.app``.
"""
