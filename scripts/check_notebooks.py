#!/usr/bin/env python3
"""Checks EPOF's Jupyter notebooks for real: nbformat.validate, then run top to bottom with nbclient.

    check_notebooks.py --epof PATH [--export-dir Notebooks-export] [--keep DIR]

1. Generates fresh notebooks with the given `epof` binary, each kind on a small run: `pareto`,
   `compare` (1 h), `simulate` (3 h on the 4-card German scenario), and `whatif` when the binary
   has that command. Each is generated twice; the two files must be byte-identical.
2. Adds every *.ipynb in the export folder (the committed notebooks of `make notebooks`).
3. Validates each against the nbformat 4 schema and executes it with nbclient (a fresh
   python3 kernel per notebook, cells in order, a time limit per cell).

Exits 1, naming the notebook, the cell and the error, when anything fails; prints
"notebooks: N passed, M failed" last.
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

ROOT = pathlib.Path(__file__).resolve().parent.parent

# One small run per notebook kind: (file name, epof arguments before --notebook, required command).
# The whatif line follows the README tour; it runs only when `epof whatif --help` succeeds.
FRESH = [
    ("pareto.ipynb", ["pareto", "Problems/sdxl-ecommerce-sichuan.yaml"], "pareto"),
    ("compare.ipynb", ["compare", "Problems/sdxl-ecommerce-sichuan.yaml", "--hours", "1"], "compare"),
    ("simulate.ipynb", ["simulate", "Problems/mixed-day-germany.yaml", "--policy", "lp", "--hours", "3"], "simulate"),
    ("whatif.ipynb", ["whatif", "Problems/sdxl-ecommerce-sichuan.yaml", "--vary", "preset.cardPowerCap=200W:320W:40W",
                      "--plan-only"], "whatif"),
]
CELL_TIMEOUT_S = 300


def has_command(epof, name):
    """Whether `epof --help` lists the subcommand NAME (one another branch may not have merged yet).

    (`epof NAME --help` is no test: the root command answers --help for unknown names too.)
    """
    done = subprocess.run([epof, "--help"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    listed = done.stdout.split("SUBCOMMANDS:", 1)[-1].splitlines()
    return any(line.split()[:1] == [name] for line in listed)


def generate(epof, arguments, path):
    """Runs `epof ARGUMENTS --notebook PATH` from the repository root; raises with its stderr on failure."""
    done = subprocess.run([epof, *arguments, "--notebook", str(path)], cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"epof {' '.join(arguments)} exited {done.returncode}: {done.stderr.strip()}")


def fresh_notebooks(epof, folder):
    """Generates each kind twice (into `folder` and `folder`/again); returns (paths, failures)."""
    paths, failures = [], []
    (folder / "again").mkdir(exist_ok=True)
    for name, arguments, command in FRESH:
        if not has_command(epof, command):
            print(f"  skip {name}: this epof has no '{command}' command")
            continue
        path, again = folder / name, folder / "again" / name
        try:
            started = time.monotonic()
            generate(epof, arguments, path)
            generate(epof, arguments, again)
            print(f"  generated {name} twice ({time.monotonic() - started:.1f} s): epof {' '.join(arguments)}")
        except RuntimeError as error:
            failures.append((name, f"generation failed: {error}"))
            continue
        if path.read_bytes() != again.read_bytes():
            failures.append((name, "not deterministic: two generations differ"))
        paths.append(path)
    return paths, failures


def check(path, workdir):
    """Validates and executes one notebook; returns None or a description of the failure."""
    try:
        notebook = nbformat.read(str(path), as_version=nbformat.NO_CONVERT)
    except Exception as error:  # unreadable JSON or not a notebook at all
        return f"cannot be read as a notebook: {error}"
    if notebook.get("nbformat") != 4:
        return f"nbformat is {notebook.get('nbformat')}, expected 4"
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as error:
        return f"invalid nbformat 4: {error.message}"
    # IPC sockets in the working folder: local only (and no warning about unencrypted TCP).
    kernel = KernelManager(kernel_name="python3", transport="ipc", ip=str(pathlib.Path(workdir) / "kernel"))
    client = NotebookClient(notebook, km=kernel, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(workdir)}})
    try:
        client.execute()
    except CellTimeoutError as error:
        return f"a cell ran longer than {CELL_TIMEOUT_S} s: {error}"
    except CellExecutionError as error:
        return f"a cell raised:\n{error}"
    finally:
        # The client does not own a kernel it was handed: stop it here.
        if kernel.has_kernel:
            kernel.shutdown_kernel(now=True)
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    errors = [o for c in code_cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        return f"{len(errors)} cell(s) produced an error output: {errors[0].get('ename')}: {errors[0].get('evalue')}"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epof", required=True, help="the built epof binary")
    parser.add_argument("--export-dir", default=str(ROOT / "Notebooks-export"), help="folder of committed notebooks")
    parser.add_argument("--keep", help="write the fresh notebooks here instead of a temporary folder")
    options = parser.parse_args()
    epof = os.path.abspath(options.epof)
    if not os.access(epof, os.X_OK):
        print(f"check_notebooks: {epof} is not an executable (build epof first)", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="epof-notebooks-") as temporary:
        folder = pathlib.Path(options.keep or temporary)
        folder.mkdir(parents=True, exist_ok=True)
        print("Fresh notebooks:")
        paths, failures = fresh_notebooks(epof, folder)
        exported = sorted(pathlib.Path(options.export_dir).glob("*.ipynb"))
        print(f"Committed notebooks: {len(exported)} in {options.export_dir}")
        passed = 0
        for path in paths + exported:
            started = time.monotonic()
            problem = check(path, temporary)
            label = path.name if path in paths else str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
            if problem is None:
                passed += 1
                print(f"  ok    {label} ({time.monotonic() - started:.1f} s)")
            else:
                failures.append((label, problem))
                print(f"  FAIL  {label}: {problem}")
    for label, problem in failures:
        print(f"FAILED {label}: {problem}", file=sys.stderr)
    print(f"notebooks: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
