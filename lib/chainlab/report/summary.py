"""What the class report writes: a CSV with a row per learner and notebook, and a markdown report with a figure.

The markdown report gives, per exercise, the shares correct, wrong, not answered and failed, and the known
mistakes the wrong answers fit, most frequent first: what to go over again in class.
"""

import csv
from collections import Counter
from datetime import date

from matplotlib.figure import Figure

from chainlab.plotting import PALETTE, course_style
from chainlab.report.grading import STATUSES, exercises_by_notebook

COLOURS = {
    "correct": PALETTE["green"],
    "wrong": PALETTE["vermillion"],
    "not answered": PALETTE["sky"],
    "failed": PALETTE["black"],
}
UNNAMED = "a wrong answer that fits no known mistake"


def cell_text(result):
    """A CSV cell: the status, and for a wrong answer the known mistakes it fits."""
    if result.status == "wrong" and result.mistakes:
        return "wrong: " + " | ".join(result.mistakes)
    return result.status


def write_csv(graded, path):
    notebooks = sorted({g.notebook for g in graded if g.notebook})
    ids = [e.id for number in notebooks for e in exercises_by_notebook()[number]]
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["learner", "file", "notebook", "problems", *ids])
        for g in graded:
            cells = [cell_text(g.results[i]) if i in g.results else "" for i in ids]
            writer.writerow([g.learner, str(g.path), g.notebook, "; ".join(g.problems), *cells])


def counts(graded, exercise_id):
    """{status: how many submissions}, and a Counter of the known mistakes the wrong answers fit."""
    results = [g.results[exercise_id] for g in graded]
    statuses = Counter(r.status for r in results)
    mistakes = Counter(m for r in results if r.status == "wrong" for m in (r.mistakes or (UNNAMED,)))
    return statuses, mistakes


def in_table(text):
    """Text made safe for a markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def share(n, total):
    return f"{n} ({100 * n / total:.0f} %)"


def figure(graded, number, path):
    """Stacked bars, one per exercise: the shares correct, wrong, not answered and failed."""
    ids = [e.id for e in exercises_by_notebook()[number]]
    with course_style():
        fig = Figure(figsize=(7, 0.45 * len(ids) + 1.4), layout="constrained")
        ax = fig.add_subplot()
        left = [0.0] * len(ids)
        for status in STATUSES:
            shares = [100 * counts(graded, i)[0][status] / len(graded) for i in ids]
            ax.barh(ids, shares, left=left, color=COLOURS[status], label=status)
            left = [a + b for a, b in zip(left, shares, strict=True)]
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel("share of submissions (%)")
        ax.legend(ncols=len(STATUSES), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
        fig.savefig(path, dpi=100)


def notebook_section(graded, number, figure_name):
    """The markdown of one notebook: its figure, a table of statuses, then the mistakes of each exercise."""
    total = len(graded)
    title = Counter(g.title for g in graded).most_common(1)[0][0]
    lines = [
        f"## {title}",
        "",
        f"{total} submission(s).",
        "",
        f"![The shares correct, wrong, not answered and failed, per exercise]({figure_name})",
        "",
        "| exercise | correct | wrong | not answered | failed |",
        "|---|---|---|---|---|",
    ]
    mistake_lines = []
    for exercise in exercises_by_notebook()[number]:
        statuses, mistakes = counts(graded, exercise.id)
        shares = " | ".join(share(statuses[status], total) for status in STATUSES)
        lines.append(f"| {exercise.id} · {in_table(exercise.prompt)} | {shares} |")
        if mistakes:
            mistake_lines += [f"**{exercise.id}** · {exercise.prompt}", "", "| answers | mistake |", "|---|---|"]
            mistake_lines += [f"| {n} | {in_table(hint)} |" for hint, n in mistakes.most_common()]
            mistake_lines.append("")
    lines += ["", "### The mistakes in the wrong answers, most frequent first", ""]
    lines += mistake_lines or ["No wrong answers.", ""]
    return lines


def write_report(graded, changed, watched, folder):
    """report.md, report.csv and a figure per notebook in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(graded, folder / "report.csv")
    lines = [
        "# Class report",
        "",
        f"{len(graded)} submission(s), each run afresh on {date.today().isoformat()} by `python -m chainlab.report`.",
        "Per learner and exercise: [report.csv](report.csv). An answer that fits two known mistakes counts for both.",
        "",
    ]
    if changed:
        lines += ["**Changed outside the submissions' temporary copies while grading:**", ""]
        lines += [f"- {path}" for path in changed] + [""]
    else:
        lines += [f"Nothing changed outside the submissions' temporary copies (watched: {', '.join(watched)}).", ""]
    troubled = [g for g in graded if g.problems]
    if troubled:
        lines += ["## Submissions with a problem", "", "| learner | file | problem |", "|---|---|---|"]
        for g in troubled:
            lines.append(f"| {in_table(g.learner)} | {in_table(g.path)} | {in_table('; '.join(g.problems))} |")
        lines.append("")
    for number in sorted({g.notebook for g in graded if g.notebook}):
        of_notebook = [g for g in graded if g.notebook == number]
        figure(of_notebook, number, folder / f"{number}.png")
        lines += notebook_section(of_notebook, number, f"{number}.png")
    (folder / "report.md").write_text("\n".join(lines), encoding="utf-8")
