"""Re-execute notebooks from a clean kernel and save them with their outputs (``make notebooks``).

Saved widget state is stripped (it makes files large and changes every run); the executor's own
``store_widget_state=False`` crashes on interact cells, so it is removed here instead.
"""

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

MAX_BYTES = 500_000


def execute(path):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    notebook.metadata.pop("widgets", None)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(notebook, path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SystemExit(f"{path} is {size // 1000} KB, over the {MAX_BYTES // 1000} KB limit")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in notebooks/")
    args = parser.parse_args()
    paths = args.notebooks or sorted(Path("notebooks").glob("*.ipynb"))
    for path in paths:
        start = time.perf_counter()
        execute(path)
        print(f"{path}: executed in {time.perf_counter() - start:.1f} s, {path.stat().st_size // 1000} KB")


if __name__ == "__main__":
    sys.exit(main())
