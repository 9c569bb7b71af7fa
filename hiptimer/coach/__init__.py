"""The practice coach: the plan, today, progression answers and the report's content.

Qt-free. It puts the history (:mod:`hiptimer.storage.plans`), the routines
(:mod:`hiptimer.library`) and the rules (:mod:`hiptimer.core.practice`,
:mod:`hiptimer.core.progression`, :mod:`hiptimer.core.today`) together for
the Today card, ``hiptimer today``, ``hiptimer remind`` and the report.
"""
