"""python -m chainlab.report SUBMISSIONS... --out DIR: a class report on learners' notebooks.

Each submission (a notebook, or a folder of them: a subfolder per learner, or a file per learner) runs top to bottom
in a fresh kernel, in a temporary copy, within a time limit. Writes DIR/report.md (with a figure per notebook) and
DIR/report.csv. This runs learners' code: the README shows how to run it inside the course's container image.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import chainlab
from chainlab.report.grading import files_under, grade
from chainlab.report.summary import write_report


def main():
    parser = argparse.ArgumentParser(
        prog="python -m chainlab.report", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("submissions", nargs="+", type=Path, help="learners' .ipynb files, or folders of them")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write the report to")
    parser.add_argument("--timeout", type=int, default=120, help="seconds each notebook may run (default: 120)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="notebooks run at once (default: cores)")
    args = parser.parse_args()
    missing = [str(path) for path in args.submissions if not path.exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")

    # What must not change while learners' code runs: the submissions, and the package that checks them.
    watched = [*args.submissions, Path(chainlab.__file__).parent]
    before = files_under(watched)
    start = time.perf_counter()
    graded = grade(args.submissions, timeout=args.timeout, jobs=args.jobs)
    seconds = time.perf_counter() - start
    after = files_under(watched)
    changed = sorted(str(path) for path in before.keys() | after.keys() if before.get(path) != after.get(path))

    write_report(graded, changed, [str(path) for path in watched], args.out)
    print(f"{len(graded)} submission(s) graded in {seconds:.0f} s: {args.out / 'report.md'}, {args.out / 'report.csv'}")
    for path in changed:
        print(f"changed while grading: {path}", file=sys.stderr)
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
