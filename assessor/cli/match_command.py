"""``assessor match POSTING``: which of a job posting's skills you have, your gaps for it, a plan."""

from __future__ import annotations

import json
import sys

from assessor import heap
from assessor.environment import Environment
from assessor.errors import UsageError

MAX_BYTES = 1_000_000  # a posting is a few kB; larger input is refused, not parsed


def _too_large(source: str) -> UsageError:
    return UsageError(f"{source}: larger than {MAX_BYTES // 1000} kB; a job posting is a few kB. "
                      "Save just the posting's text and try again.")


def _posting_file(source: str, env: Environment) -> bytes:
    """A regular file's bytes (at most MAX_BYTES); a pipe, device or folder is refused
    by name without being opened for reading, so a FIFO with no writer never hangs the command."""
    from assessor.schema.reading import FileRefused, FileTooLarge, read_bounded

    path = env.resolve(source)
    try:
        return read_bounded(path, MAX_BYTES)
    except FileNotFoundError:
        raise UsageError(f"{source}: no such file. Give a text, Markdown or HTML file, or `-` to paste.") from None
    except FileTooLarge:
        raise _too_large(source) from None
    except FileRefused as exc:
        raise UsageError(f"{source}: {exc.rows[0][1]}, not a file. Save the posting as a text, Markdown or "
                         "HTML file, or pipe it in with `-`.") from None
    except OSError as exc:
        raise UsageError(f"{source}: cannot be read ({exc.strerror or exc}). Check the file's "
                         "permissions, or pipe the posting in with `-`.") from None


def read_posting(source: str, env: Environment) -> str:
    if source == "-":
        stream = getattr(sys.stdin, "buffer", None)
        data = stream.read(MAX_BYTES + 1) if stream is not None else sys.stdin.read(MAX_BYTES + 1).encode()
    else:
        data = _posting_file(source, env)
    if len(data) > MAX_BYTES:
        raise _too_large(source)
    if b"\0" in data:
        raise UsageError(f"{source}: looks like a binary file. Save the posting as text, Markdown or HTML.")
    text = data.decode("utf-8", errors="replace")
    if not text.strip():
        raise UsageError(f"{source}: the posting is empty. Paste the job ad's text (end with Ctrl-D).")
    return text


def match(opts, env: Environment) -> int:
    from assessor import __version__
    from assessor.matching.extract import AliasIndex, extract
    from assessor.matching.role import fit
    from assessor.schema.loader import load_rubric
    from assessor.scoring.score import score

    text = read_posting(opts.posting, env)
    with heap.paused(keep=True):  # the rubric lives as long as the command
        loaded = load_rubric(env.rubric_dir(), env.cache_dir())
    if not loaded.aliases:
        raise UsageError(f"The rubric in {loaded.directory} has no aliases.yaml, so postings cannot be matched.")
    rubric = loaded.rubric
    if opts.answers:
        from assessor.schema.answers import load_answers

        answers = load_answers(env.resolve(opts.answers), rubric)
        result = score(loaded, answers, today=env.today, tool_version=__version__)
    else:
        from assessor.cli.history_commands import reading

        with reading(env) as store:
            found = store.assessed_run(opts.profile, opts.run or None)
        if found is None:
            raise UsageError(
                f"No run {opts.run!r} in profile {opts.profile!r}; `assessor history` lists them." if opts.run
                else f"No saved assessment for profile {opts.profile!r} to match against. Run "
                     "`assessor assess` first (or give --answers FILE).")
        _, answers, result = found
    ext = extract(text, AliasIndex(loaded.aliases, {s.id: s.name for s in rubric.skills}))
    f = fit(rubric, ext, result, hours_per_week=answers.hours_per_week,
            target_date=answers.target_date, start=answers.assessed_on or env.today)
    data = match_data(rubric, ext, f, result)
    doc = opts.document
    from assessor.formats import SUFFIXES, format_for

    fmt = format_for(doc.out, doc.format)
    if fmt == "json":
        payload = (json.dumps(data, indent=2, default=str) + "\n").encode()
    else:
        from assessor.report.render import environment

        if fmt == "md":
            payload = environment(markdown=True).get_template("match.md.j2").render(**data).encode()
        else:
            from assessor.paths import templates_dir

            css = (templates_dir() / "report.css").read_text(encoding="utf-8") if fmt == "html" else ""
            html = environment().get_template("match.html.j2").render(
                **data, paper=doc.paper, inline_css=css, standalone=fmt == "html")
            if fmt == "html":
                payload = html.encode()
            else:
                from assessor.report.pdf import html_to_pdf

                payload = html_to_pdf(html, templates_dir(), [templates_dir() / "report.css"],
                                      cache=env.cache_dir())
    on_terminal = env.interactive
    if doc.out == "-" or (doc.out is None and not on_terminal and fmt in ("json", "md")):
        stream = getattr(env.stdout, "buffer", None)
        env.stdout.flush()
        (stream.write(payload) if stream is not None else env.stdout.write(payload.decode()))
        return 0
    from assessor.files import write_atomically

    target = env.resolve(doc.out) if doc.out else env.data_dir() / "reports" / f"match-{env.today}{SUFFIXES[fmt]}"
    write_atomically(target, payload)
    env.say(summary(data))
    env.say(f"Fit for this job: {target}")
    return 0


def match_data(rubric, ext, f, result) -> dict:
    by_skill = {s.skill: s for s in result.skills}
    skills = []
    for m in ext.skills:
        s = by_skill.get(m.skill)
        req = next((r for r in f.role.requirements if r.skill == m.skill), None)
        skills.append({"skill": m.skill, "name": rubric.skill(m.skill).name, "required": m.required,
                       "matched": m.matched, "level_asked": req.level if req else None,
                       "your_level": s.current if s else 0, "confidence": s.confidence if s else "low"})
    return {
        "posting": {"title": ext.title, "seniority": ext.seniority if ext.seniority_stated else None,
                    "years": ext.years},
        "skills": skills, "unmatched_terms": ext.unmatched_terms, "readiness": f.readiness,
        "gaps": [g.model_dump(mode="json") for g in f.gaps],
        "plan": f.plan.model_dump(mode="json") if f.plan else None,
        "recognised": bool(skills),
        "levels_from": "seniority " + ext.seniority + ("" if ext.seniority_stated else " (assumed: not stated)"),
    }


def summary(data: dict) -> str:
    if not data["recognised"]:
        return "No skills recognised in this posting (nothing in it matches the rubric's skills or aliases)."
    req = [s for s in data["skills"] if s["required"]]
    nice = [s for s in data["skills"] if not s["required"]]
    lines = [f"{data['posting']['title'] or 'Posting'}: readiness {data['readiness']:.0f}% "
             f"({len(req)} required, {len(nice)} nice-to-have skills recognised)"]
    for g in data["gaps"][:5]:
        lines.append(f"  gap: {g['name']} (you {g['current']}, asked {g['required']})")
    if data["unmatched_terms"]:
        lines.append("  not understood: " + ", ".join(data["unmatched_terms"][:10]))
    return "\n".join(lines)
