"""Benchmark: start-up, report rendering, history at scale and peak memory, side by side.

Every figure is the median over repeated *fresh processes* (what a user waits for). A command
with a baseline runs in turns with it, and its ratio is the median of the per-turn ratios, so
machine noise affects both sides alike. Usage:

    python benchmarks/run.py [--repeat N] [--runs 1000] [--json FILE]

Nothing here is asserted in tests: timings are for people to read, not for CI to fail on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ONE_PARAGRAPH = ("import weasyprint; weasyprint.HTML(string='<p>One paragraph of text, rendered "
                 "to PDF in a fresh process.</p>').write_pdf('{out}')")


def assessor_cmd(installed: bool) -> list[str]:
    """This checkout's code by default (``python -m assessor`` with it on PYTHONPATH), so a
    branch is measured as it is; ``--installed`` times the console script instead."""
    exe = shutil.which("assessor") if installed else None
    return [exe] if exe else [sys.executable, "-m", "assessor"]


def _once(cmd: list[str], env: dict) -> tuple[float, float, float]:
    """One fresh process: elapsed seconds, CPU seconds (user + system, children included) and
    max RSS in MB."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, cwd=env.get("BENCH_CWD", str(ROOT)))
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # Linux: KiB


def measure(cmd: list[str], env: dict, repeat: int, baseline: list[str] | None = None) -> dict:
    """Medians over ``repeat`` fresh processes. With a ``baseline`` command, the two run in
    turns (baseline, command, baseline, ...) and each ratio is the median of the ratios of one
    turn: a machine that slows down for a minute slows both sides of a turn alike, where two
    separate batches could catch the slow minute on one side only."""
    subprocess.run(cmd, env=env, capture_output=True, stdin=subprocess.DEVNULL,
                   cwd=env.get("BENCH_CWD", str(ROOT)))  # warm-up: bytecode and OS caches
    turns = []
    for _ in range(repeat):
        base = _once(baseline, env) if baseline else None
        turns.append((_once(cmd, env), base))
    out = {"median_s": statistics.median(t[0][0] for t in turns),
           "cpu_s": statistics.median(t[0][1] for t in turns),
           "max_rss_mb": max(t[0][2] for t in turns)}
    if baseline:
        out.update(baseline_s=statistics.median(t[1][0] for t in turns),
                   baseline_cpu_s=statistics.median(t[1][1] for t in turns),
                   ratio=statistics.median(t[0][0] / t[1][0] for t in turns),
                   cpu_ratio=statistics.median(t[0][1] / t[1][1] for t in turns))
    return out


def seed_history(home: Path, runs: int) -> None:
    """Store ``runs`` scored runs (one profile, one a week; one a day where weeks would reach
    back before 2000, the earliest assessment date answers accept) through the real store."""
    sys.path.insert(0, str(ROOT))
    from assessor import __version__
    from assessor.schema.answers import load_answers
    from assessor.scoring.score import score
    from assessor.environment import Environment
    from assessor.history.store import open_store
    from assessor.paths import PACKAGE_DIR, bundled
    from assessor.schema.loader import load_rubric

    loaded = load_rubric(bundled("rubrics"))
    base = load_answers(PACKAGE_DIR / "samples" / "career_changer.yaml", loaded.rubric)
    env = Environment(environ={"ASSESSOR_HOME": str(home)})
    step = dt.timedelta(weeks=1) if runs <= 1300 else dt.timedelta(days=1)
    start = dt.date(2026, 11, 23) - step * runs
    ratings = dict(base.ratings)
    skills = sorted(ratings)
    with open_store(env) as store:
        for i in range(runs):
            skill = skills[i % len(skills)]
            if ratings[skill] is not None and ratings[skill] < 4 and i % 3 == 0:
                ratings[skill] += 1
            answers = base.model_copy(update={"assessed_on": start + step * i,
                                              "ratings": dict(ratings)})
            result = score(loaded, answers, today=answers.assessed_on, tool_version=__version__)
            store.save_run("me", answers, result)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="fresh processes per measurement")
    parser.add_argument("--runs", type=int, default=1000, help="stored runs for history/progress")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--installed", action="store_true",
                        help="time the installed `assessor` script instead of this checkout")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="assessor-bench-"))
    home = work / "home"
    env = dict(os.environ, ASSESSOR_HOME=str(home), BENCH_CWD=str(work),
               PYTHONPYCACHEPREFIX=str(work / "pycache"))  # warm bytecode, as an installed package has
    if not args.installed:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("ASSESSOR_RUBRICS", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    a = assessor_cmd(args.installed)
    sample = ROOT / "assessor" / "samples" / "career_changer.yaml"
    print(f"seeding {args.runs} stored runs ...", file=sys.stderr)
    t0 = time.perf_counter()
    seed_history(home, args.runs)
    print(f"  done in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    rows = []

    def row(label, cmd, baseline_label=None, baseline=None, goal=None, repeat=args.repeat):
        m = measure(cmd, env, repeat, baseline)
        entry = {"label": label, "median_s": round(m["median_s"], 4), "cpu_s": round(m["cpu_s"], 4),
                 "max_rss_mb": round(m["max_rss_mb"], 1)}
        if baseline is not None:
            entry.update(baseline=baseline_label, baseline_s=round(m["baseline_s"], 4),
                         baseline_cpu_s=round(m["baseline_cpu_s"], 4), ratio=round(m["ratio"], 2),
                         cpu_ratio=round(m["cpu_ratio"], 2), goal=goal,
                         met=None if goal is None else m["ratio"] <= goal)
        rows.append(entry)
        print(f"  {label}: {m['median_s']:.3f} s wall, {m['cpu_s']:.3f} s cpu"
              + (f", {m['ratio']:.2f}x its baseline" if baseline else ""), file=sys.stderr)
        return cmd, m["max_rss_mb"]

    print("measuring ...", file=sys.stderr)
    argparse_base, _ = row('python -c "import argparse"', [sys.executable, "-c", "import argparse"])
    row("assessor --help", [*a, "--help"], 'python -c "import argparse"', argparse_base, 2.0)
    version, _ = row("assessor --version", [*a, "--version"])
    row(f"assessor history ({args.runs} runs)", [*a, "history"], "assessor --version", version, 3.0)
    row(f"assessor progress ({args.runs} runs)", [*a, "progress"], "assessor --version", version, 3.0)
    backup, imported = work / "backup.json", work / "imported"
    _, export_rss = row(f"assessor export ({args.runs} runs)", [*a, "export", str(backup)],
                        repeat=min(args.repeat, 3))
    # Each import goes into a fresh data folder, as on a new machine.
    _, import_rss = row(f"assessor import ({args.runs} runs, fresh folder)",
                        ["sh", "-c", f'rm -rf "{imported}" && ASSESSOR_HOME="{imported}" exec "$@"', "sh",
                         *a, "import", str(backup)], repeat=min(args.repeat, 3))
    para, _ = row("WeasyPrint one-paragraph PDF (fresh process)",
                  [sys.executable, "-c", ONE_PARAGRAPH.format(out=work / "para.pdf")])
    _, report_rss = row("assessor report (full PDF of a stored run)",
                        [*a, "report", "--out", str(work / "report.pdf")],
                        "WeasyPrint one-paragraph PDF", para, 2.5)
    row("assessor report --brief (one-page PDF)",
        [*a, "report", "--brief", "--out", str(work / "brief.pdf")],
        "WeasyPrint one-paragraph PDF", para, 2.0)
    row("assessor assess --answers -> PDF (end to end)",
        [*a, "assess", "--answers", str(sample), "--no-save", "--out", str(work / "plan.pdf")],
        "WeasyPrint one-paragraph PDF", para, None)
    posting = work / "posting.md"
    texts = [f.read_text() for f in sorted((ROOT / "tests" / "data" / "postings").glob("*.md"))]
    words, body = 0, []
    while words < 600:  # a 600-word posting made of the evaluation set's postings
        body.append(texts[len(body) % len(texts)])
        words = len(" ".join(body).split())
    posting.write_text("\n".join(body))
    skills_json, _ = row("assessor skills --json", [*a, "skills", "--json"])
    row(f"assessor match --format json ({words}-word posting)",
        [*a, "match", str(posting), "--format", "json", "--out", "-"],
        "assessor skills --json", skills_json, 1.3)
    rows.append({"label": "peak memory of the full report (max RSS)", "max_rss_mb": round(report_rss, 1),
                 "goal": "< 200 MB", "met": report_rss < 200})
    size_mb = backup.stat().st_size / 2**20
    rows.append({"label": f"peak memory of export ({size_mb:.0f} MB file)", "max_rss_mb": round(export_rss, 1),
                 "goal": "< 100 MB", "met": export_rss < 100})
    rows.append({"label": "peak memory of import (max RSS)", "max_rss_mb": round(import_rss, 1),
                 "goal": f"< {2 * size_mb + 100:.0f} MB", "met": import_rss < 2 * size_mb + 100})

    print(f"\nassessor benchmark: median of {args.repeat} fresh processes each "
          f"(python {sys.version.split()[0]}, {os.cpu_count()} cpu)\n")
    print("wall = median elapsed seconds; cpu = median user+system seconds of the same processes "
          "(steadier on a busy machine); ratio = median of per-turn ratios, the baseline run in "
          "turns with the command\n")
    print(f"{'measurement':<48} {'wall':>8} {'cpu':>8} {'baseline':>9} {'ratio':>6} {'cpu ratio':>9} "
          f"{'goal':>8}  result")
    for r in rows:
        if "median_s" not in r:
            print(f"{r['label']:<48} {r['max_rss_mb']:>6.1f}MB {'':>8} {'':>9} {'':>6} {'':>9} "
                  f"{r['goal']:>8}  {'met' if r['met'] else 'MISSED'}")
            continue
        base = f"{r['baseline_s']:.3f}s" if "baseline_s" in r else ""
        ratio = f"{r['ratio']:.2f}x" if "ratio" in r else ""
        cpu_ratio = f"{r['cpu_ratio']:.2f}x" if "cpu_ratio" in r else ""
        goal = f"<= {r['goal']}x" if r.get("goal") else ""
        verdict = "" if r.get("met") is None else ("met" if r["met"] else "MISSED")
        print(f"{r['label']:<48} {r['median_s']:>7.3f}s {r['cpu_s']:>7.3f}s {base:>9} {ratio:>6} "
              f"{cpu_ratio:>9} {goal:>8}  {verdict}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
