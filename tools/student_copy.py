"""Write the notebooks without their solutions, for learners doing graded work (``make student``).

Every solution (a markdown cell that opens ``<details>`` with the summary "Show the solution") is removed, and
nothing else changes: the copies keep their outputs, so they run top to bottom and pass nbval as the originals
do, and their links stay valid, since the copies keep their names and sit side by side in one folder.
"""

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOLUTION_START = "<details>\n<summary>Show the solution</summary>"


def is_solution(cell):
    return cell.cell_type == "markdown" and cell.source.startswith(SOLUTION_START)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in notebooks/")
    parser.add_argument("--out", type=Path, default=ROOT / "student", help="the folder to write to (default: student)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for path in args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        kept = [cell for cell in notebook.cells if not is_solution(cell)]
        removed = len(notebook.cells) - len(kept)
        notebook.cells = kept
        nbformat.write(notebook, args.out / path.name)
        print(f"{args.out / path.name}: {removed} solution(s) removed")


if __name__ == "__main__":
    sys.exit(main())
