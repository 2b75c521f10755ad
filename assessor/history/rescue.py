"""Keeping the answers of a run the history could not store: a replayable file, or the message.

Used only on the failure path of saving a run, so it may load the rubric (for a commented
answers file) without slowing anything down.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from assessor.schema.answers import Answers
    from assessor.environment import Environment
    from assessor.schema.result import AssessmentResult


class Rescue(NamedTuple):
    path: Path | None  # the answers file written; None when they are only in the message
    message: str       # for the user (stderr): why, where the answers are, how to replay them


def rescue_answers(env: Environment, answers: Answers, result: AssessmentResult, why: str) -> Rescue:
    """Write the answers (dated, so a replay scores the same day) where the user can find them."""
    pinned = answers.model_copy(update={"assessed_on": result.assessed_on})
    text = _answers_yaml(env, pinned)
    stamp = env.now().astimezone().strftime("%Y%m%d-%H%M%S")  # local time, as the user reads it
    for n in range(1, 100):
        target = env.cwd / f"assessor-answers-{stamp}{'' if n == 1 else f'-{n}'}.yaml"
        try:
            with open(target, "x", encoding="utf-8") as handle:
                handle.write(text)
            break
        except FileExistsError:
            continue
        except OSError:
            target = None
            break
    else:
        target = None
    if target is not None:
        return Rescue(target, f"This run could not be saved to your history:\n{why}\n"
                      f"Your answers are safe in {target}. Once the problem is fixed, replay them "
                      f"with:\n  assessor assess --answers {target}")
    return Rescue(None, f"This run could not be saved to your history:\n{why}\n"
                  f"The current folder {env.cwd} is not writable either, so here are your answers. "
                  "Save everything between the lines as answers.yaml and replay it with "
                  "`assessor assess --answers answers.yaml`:\n"
                  f"----- answers.yaml -----\n{text.rstrip()}\n----- end -----")


def _answers_yaml(env: Environment, answers: Answers) -> str:
    """The commented answers file when the rubric is at hand; plain YAML otherwise."""
    try:
        from assessor.schema.answers_yaml import dump_answers_yaml
        from assessor.schema.loader import load_rubric

        return dump_answers_yaml(answers, load_rubric(env.rubric_dir(), env.cache_dir()).rubric)
    except Exception:  # noqa: BLE001 - this is the rescue path: plain YAML must still come out
        import yaml

        return ("# assessor answers file, written because the run could not be saved.\n"
                "# Replay: assessor assess --answers THIS_FILE\n"
                + yaml.safe_dump(answers.model_dump(mode="json"), sort_keys=False, allow_unicode=True))
