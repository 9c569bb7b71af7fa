"""The practice's commands: ``today``, ``plan``, ``reminders``; and the arguments of
``report`` and ``remind``, which need Qt and so run from ``hiptimer.__main__``.

Qt-free: ``hiptimer.cli`` adds these to its parser.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, time
from typing import TextIO

from hiptimer.core.practice import PATH_NAMES, PATH_STEPS, WEEKDAY_SHORT, PathKind, Plan
from hiptimer.core.progression import Answer
from hiptimer.core.today import today_lines

PRACTICE_COMMANDS = ("today", "plan", "reminders")
QT_COMMANDS = ("report", "remind")
"""Commands that need Qt (offscreen, no window): ``hiptimer.__main__`` runs them."""


def parse_days(text: str) -> frozenset[int]:
    """"mon,wed,fri" (or "1,3,5" with Monday 1) -> weekday numbers 0-6."""
    days = set()
    for word in text.replace(" ", "").lower().split(","):
        if not word:
            continue
        if word.isdigit() and 1 <= int(word) <= 7:
            days.add(int(word) - 1)
            continue
        match = [i for i, name in enumerate(WEEKDAY_SHORT) if name.lower() == word[:3]]
        if not match:
            raise argparse.ArgumentTypeError(f"not a day of the week: {word!r} (use mon,tue,...)")
        days.add(match[0])
    if not days:
        raise argparse.ArgumentTypeError("name at least one day (for example mon,wed,fri)")
    return frozenset(days)


def parse_time(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time of day: {text!r} (use HH:MM)") from None


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("today", help="today's planned session, this week's adherence, the streak")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--accept", action="store_true", help="accept the progression suggestion shown")
    g.add_argument("--decline", action="store_true", help="decline the progression suggestion shown")
    p = sub.add_parser("plan", help="show the plan, or set it (path, days, time)")
    p.add_argument("--path", choices=[k.value for k in PathKind], help="levels, program or custom")
    p.add_argument("--routines", metavar="IDS", help="comma list of routine ids (custom path)")
    p.add_argument("--days", type=parse_days, metavar="DAYS", help="e.g. mon,wed,fri")
    p.add_argument("--time", type=parse_time, metavar="HH:MM", help="when to practise (reminders)")
    p.add_argument("--retest-weeks", type=int, metavar="N", help="weeks between range-of-motion re-tests")
    p = sub.add_parser("reminders", help="reminders with the app closed (systemd user timer)")
    p.add_argument("action", choices=("enable", "disable", "status"))
    p = sub.add_parser("report", help="a PDF report of a period for your physical therapist")
    p.add_argument("--since", type=parse_date, required=True, metavar="DATE", help="first day, YYYY-MM-DD")
    p.add_argument("--until", type=parse_date, metavar="DATE", help="last day (default: today)")
    p.add_argument("--output", required=True, metavar="FILE.pdf", help="where to write the PDF")
    p = sub.add_parser("remind", help="send today's reminder notification (run by the timer)")
    p.add_argument("--retest", action="store_true", help="the range-of-motion re-test reminder, if due")
    p.add_argument("--at-login", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--wait", type=float, default=900.0, metavar="SECONDS",
                   help="how long to wait for a click on the notification (default 900)")


def _coach():
    from hiptimer.coach.coach import open_user_coach

    coach, notice = open_user_coach()
    if notice:
        sys.stderr.write(f"{notice}\n")
    return coach


def cmd_today(args: argparse.Namespace, out: TextIO) -> int:
    coach = _coach()
    try:
        t = coach.today()
        titles = coach.titles()
        for line in today_lines(t, titles, coach.durations(t.plan)):
            out.write(line + "\n")
        suggestion = t.outlook.suggestion
        if args.accept or args.decline:
            if suggestion is None:
                out.write("There is no suggestion to answer.\n")
                return 1
            answer = Answer.ACCEPTED if args.accept else Answer.DECLINED
            coach.answer(suggestion, answer, t.day)
            out.write(f"Recorded: {answer.value}.\n")
        elif suggestion is not None:
            out.write("Answer it with `hiptimer today --accept` or `--decline` (or on the Today card).\n")
    finally:
        coach.store.close()
    return 0


def describe_plan(plan: Plan, titles: dict[str, str]) -> str:
    steps = " -> ".join(titles.get(r, r) for r in plan.routines)
    now = f"step {plan.step + 1}, since {plan.step_since:%Y-%m-%d}" if plan.staged else "taken in turn"
    return (f"{PATH_NAMES[plan.path]}: {steps} ({now}).\n"
            f"Days: {plan.days_text()} at {plan.at:%H:%M}; range-of-motion re-test every "
            f"{plan.retest_weeks} weeks. In effect since {plan.effective_from:%Y-%m-%d}.\n")


def cmd_plan(args: argparse.Namespace, out: TextIO) -> int:
    coach = _coach()
    try:
        current = coach.plans().current
        changing = any(v is not None for v in (args.path, args.routines, args.days, args.time,
                                              args.retest_weeks))
        if not changing:
            out.write(describe_plan(current, coach.titles()) if current else
                      "No plan yet. Set one, e.g.: "
                      "hiptimer plan --path levels --days mon,wed,fri --time 18:00\n")
            return 0
        today = coach.store.today()
        path = PathKind(args.path) if args.path else (current.path if current else PathKind.LEVELS)
        if path is PathKind.CUSTOM:
            ids = [r for r in (args.routines or "").split(",") if r] or (
                list(current.routines) if current and current.path is path else [])
            unknown = [r for r in ids if coach.catalog.get(r) is None]
            if not ids or unknown:
                out.write(f"A custom plan needs --routines with known ids; unknown: {', '.join(unknown)}\n")
                return 2
            routines = tuple(ids)
        else:
            routines = PATH_STEPS[path]
        days = args.days if args.days is not None else (current.weekdays if current else frozenset({0, 2, 4}))
        keep = current is not None and current.path is path and current.routines == routines
        plan = Plan(
            path, routines, frozenset(days), today,
            at=args.time or (current.at if current else time(18, 0)),
            step=current.step if keep and current else 0,
            step_since=current.step_since if keep and current else today,
            retest_weeks=args.retest_weeks or (current.retest_weeks if current else 4),
        )
        coach.save_plan(plan)
        out.write("Plan saved.\n" + describe_plan(plan, coach.titles()))
        from hiptimer.desktop import reminders

        if reminders.status().mode:
            reminders.enable(plan)
            out.write("Reminders updated to the new days and time.\n")
    except ValueError as exc:
        out.write(f"hiptimer: {exc}\n")
        return 2
    finally:
        coach.store.close()
    return 0


def cmd_reminders(args: argparse.Namespace, out: TextIO) -> int:
    from hiptimer.desktop import reminders

    if args.action == "status":
        out.write(reminders.status().describe() + "\n")
        return 0
    if args.action == "disable":
        kept = reminders.disable()
        out.write("Reminders are off.\n")
        for path in kept:
            out.write(f"Kept {path}: it was changed since it was written.\n")
        return 0
    coach = _coach()
    try:
        plan = coach.plans().current
    finally:
        coach.store.close()
    if plan is None:
        out.write("Set a plan first (hiptimer plan --path levels --days mon,wed,fri --time 18:00).\n")
        return 1
    out.write(reminders.enable(plan).describe() + "\n")
    return 0


def cmd_needs_qt(args: argparse.Namespace, out: TextIO) -> int:
    out.write(f"`{args.command}` runs through the hiptimer program: hiptimer {args.command} ...\n")
    return 2


HANDLERS = {"today": cmd_today, "plan": cmd_plan, "reminders": cmd_reminders,
            "report": cmd_needs_qt, "remind": cmd_needs_qt}
