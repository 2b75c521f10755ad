"""From posting text to the skills it asks for: alias matches, required or nice to have, seniority.

Every decision is explainable: a skill is listed with the posting text that matched it, and it
is "required" when it appears outside the posting's optional parts (headings such as
"Preferred", "Nice to have", "Bonus", or a line saying "a plus").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assessor.matching.text import plain_lines, tokens

FUZZY_MIN_CHARS = 8   # typos are forgiven only in long single-word aliases ("Kubernetes", "TensorFlow")
FUZZY_THRESHOLD = 92  # rapidfuzz ratio, 0-100

REQUIRED_HEADINGS = ("requirement", "must have", "must-have", "qualification", "what you bring",
                     "what you ll bring", "you have", "you bring", "skills", "what we re looking for",
                     "what we are looking for", "who you are", "about you", "experience", "responsibilit",
                     "what you ll do", "what you will do", "the role", "your role", "tech stack", "stack")
NICE_CUES = ("nice to have", "nice-to-have", "preferred", "bonus", "a plus", "plus if", "desirable",
             "ideally", "good to have", "is a plus", "are a plus", "would be great", "advantage",
             "not required", "optional", "extra credit")
IGNORED_HEADINGS = ("about us", "about the company", "who we are", "benefit", "perk", "what we offer",
                    "equal opportunit", "compensation", "salary", "our values", "why join", "about the team")

SENIORITY_WORDS = (  # first hit in the title wins, then in the text
    ("executive", r"\b(head of|director|vp|vice president|chief)\b"),
    ("lead", r"\b(staff|principal|lead|architect)\b"),
    ("senior", r"\b(senior|sr\.?)\b"),
    ("junior", r"\b(junior|jr\.?|graduate|entry[- ]level|intern(ship)?|associate)\b"),
    ("mid", r"\b(mid[- ]level|intermediate)\b"),
)
_YEARS = re.compile(r"(\d{1,2})\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*(\d{1,2})\s*)?\+?\s*years?", re.I)
_TOOLISH = re.compile(r"^(?:[A-Z][a-z]{2,}|[A-Z][a-z0-9]*[A-Z0-9][A-Za-z0-9.+#-]*|[A-Z]{2,}[A-Za-z0-9+#]*|[A-Z][a-z]+[0-9]+)$")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.+#-]*[A-Za-z0-9+#]|[A-Za-z]")
COMMON_CAPS = {"AI", "ML", "US", "UK", "EU", "API", "APIs", "IT", "PhD", "MSc", "BSc", "MS", "BS", "CS",
               "OR", "AND", "ETL", "SaaS", "B2B", "OK", "HR", "PM", "CEO", "CTO", "Q&A", "IQ", "MA",
               "TBD", "FAQ", "English", "Bachelor", "Master", "Masters", "Computer", "Science", "Engineering",
               "Mathematics", "Physics", "Statistics", "Strong", "Experience", "Familiarity", "Knowledge",
               "Ability", "Excellent", "Proven", "Solid", "Deep", "Hands", "Understanding", "Proficiency",
               "The", "And", "With", "For", "You", "Our", "We", "This", "Degree", "Senior", "Junior", "USA", "NYC", "SF", "KPI", "KPIs", "ROI", "R&D", "II", "III", "IV"}


@dataclass
class SkillMatch:
    skill: str
    required: bool
    matched: list[str] = field(default_factory=list)


@dataclass
class Extraction:
    title: str | None
    seniority: str
    seniority_stated: bool
    years: int | None
    skills: list[SkillMatch]
    unmatched_terms: list[str]


class AliasIndex:
    """Normalised alias token sequences -> skill id, longest match first."""

    def __init__(self, aliases: dict[str, list[str]], names: dict[str, str] | None = None):
        self.exact: dict[tuple[str, ...], str] = {}
        self.phrase: dict[tuple[str, ...], str] = {}
        for skill, phrases in aliases.items():
            for phrase in [*phrases, *([names[skill]] if names and skill in names else [])]:
                key = tuple(tokens(phrase))
                if key:
                    self.exact.setdefault(key, skill)
                    self.phrase.setdefault(key, phrase)
        self.longest = max((len(k) for k in self.exact), default=1)
        self.fuzzy = {k[0]: s for k, s in self.exact.items() if len(k) == 1 and len(k[0]) >= FUZZY_MIN_CHARS}

    def find(self, line: str) -> list[tuple[str, str, int, int]]:
        """(skill, matched text, first token, end token) for every alias in the line."""
        words = tokens(line)
        out, i = [], 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                key = tuple(words[i:i + n])
                skill = self.exact.get(key)
                if skill:
                    out.append((skill, self.phrase[key], i, i + n))
                    i += n
                    break
            else:
                w = words[i]
                if len(w) >= FUZZY_MIN_CHARS and self.fuzzy:
                    hit = _fuzzy(w, self.fuzzy)
                    if hit:
                        out.append((self.fuzzy[hit], f"{w} (~{self.phrase[(hit,)]})", i, i + 1))
                i += 1
        return out


def _fuzzy(word: str, table: dict[str, str]) -> str | None:
    from rapidfuzz import fuzz, process

    best = process.extractOne(word, table.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
    return best[0] if best else None


def _heading(line: str) -> str | None:
    """The heading text if the line is one: Markdown '#', a short line ending ':' or in bold."""
    s = line.strip()
    if s.startswith("#"):
        return s.lstrip("#").strip()
    bare = s.strip("*_ ").strip()
    if len(bare) <= 60 and (bare.endswith(":") or (s.startswith("**") and s.endswith("**"))):
        return bare.rstrip(":")
    if len(bare) <= 40 and bare.isupper() and len(bare.split()) <= 5:
        return bare
    return None


def _has(text: str, cues) -> bool:
    low = " " + re.sub(r"[^a-z0-9]+", " ", text.lower()) + " "
    return any(" " + re.sub(r"[^a-z0-9]+", " ", c).strip() + " " in low for c in cues)


def seniority_of(title: str | None, lines: list[str]) -> tuple[str, bool]:
    for where in ([title] if title else []) + [" ".join(lines[:40])]:
        for level, pattern in SENIORITY_WORDS:
            if re.search(pattern, where, re.I):
                return level, True
    return "mid", False


def years_of(lines: list[str]) -> int | None:
    found = [int(m.group(1)) for ln in lines for m in _YEARS.finditer(ln)
             if "experience" in ln.lower() or "year" in ln.lower()]
    found = [y for y in found if 0 < y <= 30]
    return min(found) if found else None


def extract(text: str, index: AliasIndex) -> Extraction:
    lines = plain_lines(text)
    title = None
    for ln in lines[:5]:
        t = ln.lstrip("#").strip().strip("*").strip()
        if t and len(t) <= 120:
            title = t
            break
    found: dict[str, SkillMatch] = {}
    order: list[str] = []
    unmatched: list[str] = []
    section = "neutral"  # neutral | required | nice | ignored
    for ln in lines:
        head = _heading(ln)
        if head is not None:
            if _has(head, NICE_CUES):
                section = "nice"
            elif _has(head, IGNORED_HEADINGS):
                section = "ignored"
            elif _has(head, REQUIRED_HEADINGS):
                section = "required"
            else:
                section = "neutral"
            if not _has(head, NICE_CUES):  # "Skills: Python, SQL" on one line still counts below
                body = ln.split(":", 1)[1] if ":" in ln and not ln.rstrip().endswith(":") else ""
                if not body:
                    continue
                ln = body
            else:
                continue
        if section == "ignored":
            continue
        nice = section == "nice" or _has(ln, NICE_CUES)
        hits = index.find(ln)
        for skill, matched, _, _ in hits:
            m = found.get(skill)
            if m is None:
                m = found[skill] = SkillMatch(skill, required=not nice)
                order.append(skill)
            elif not nice:
                m.required = True
            if matched not in m.matched:
                m.matched.append(matched)
        if section in ("required", "nice") or ln.lstrip().startswith(("-", "*", "•")):
            words = tokens(ln)
            covered = {w for _, _, a, b in hits for w in words[a:b]}
            for k, word in enumerate(_WORD.findall(ln)):
                if (k > 0 and _TOOLISH.match(word) and word not in COMMON_CAPS
                        and not set(tokens(word)) <= covered and word not in unmatched):
                    unmatched.append(word)
    seniority, stated = seniority_of(title, lines)
    return Extraction(title=title, seniority=seniority, seniority_stated=stated, years=years_of(lines),
                      skills=[found[s] for s in order], unmatched_terms=unmatched[:40])
