"""The w3id.org redirect rules (``api/w3id/.htaccess``) lead every kind of IRI to the right answer.

A small interpreter of the rule lines the file uses (``RewriteCond`` on ``%{HTTP_ACCEPT}`` or
``%{ENV:…}``, ``RewriteRule`` with ``E=``, ``R=``, ``L``) applies them to an IRI of each kind with
each media type; the redirect is then followed on a running service, which must give the same
answer as when asked at the same path directly. It is a check of our file against our routes, not of
Apache.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTACCESS = ROOT / "api" / "w3id" / ".htaccess"
PLACEHOLDER = "https://soilkg.example.org"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
EXACT = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml", "application/trig",
         "application/n-quads"]
THINGS = ["id/zz-ministry", "id/zz-chain/step/1", "vocab/topics", "vocab/topics/soil-organic-carbon",
          "graph/doc-fixture-a", "dataset"]
DOCUMENTS = ["def", "context/latest.jsonld", "id/zz-ministry.ttl", "vocab/units.jsonld", "dataset.nt"]


@dataclass
class Rule:
    conditions: list[tuple[str, re.Pattern]]  # (test string, pattern), all must match
    pattern: re.Pattern
    target: str
    flags: dict[str, str]


def read_rules(text: str) -> list[Rule]:
    rules, conditions = [], []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words = shlex.split(line, posix=False)
        flags = {}
        if words[-1].startswith("[") and words[-1].endswith("]"):
            for flag in words.pop()[1:-1].split(","):
                key, _, value = flag.partition("=")
                flags[key] = value
        assert set(flags) <= {"NC", "E", "R", "L", "NE"}, f"the interpreter does not know the flags of: {line}"
        if words[0] == "RewriteCond":
            conditions.append((words[1], re.compile(words[2], re.IGNORECASE if "NC" in flags else 0)))
        elif words[0] == "RewriteRule":
            rules.append(Rule(conditions, re.compile(words[1]), words[2], flags))
            conditions = []
    return rules


def apply(rules: list[Rule], path: str, accept: str) -> tuple[int, str] | None:
    """(status, location) the rules answer for ``path`` (relative to the soilkg/ folder) and ``accept``."""
    env: dict[str, str] = {}
    for rule in rules:
        found = rule.pattern.search(path)
        if not found:
            continue
        last = None
        ok = True
        for test, pattern in rule.conditions:
            value = accept if test == "%{HTTP_ACCEPT}" else env.get(test[len("%{ENV:"):-1], "")
            last = pattern.search(value)
            ok = ok and last is not None
        if not ok:
            continue
        if "E" in rule.flags:
            key, _, value = rule.flags["E"].partition(":")
            env[key] = value
        if rule.target == "-":
            continue
        if "R" in rule.flags:
            return int(rule.flags["R"]), substitute(rule.target, found, last)
    return None


def substitute(target: str, rule_match: re.Match, condition_match: re.Match | None) -> str:
    """``$n`` from the rule's pattern, ``%n`` from the last condition's."""
    target = re.sub(r"\$(\d)", lambda m: rule_match.group(int(m.group(1))) or "", target)
    return re.sub(r"%(\d)", lambda m: condition_match.group(int(m.group(1))) if condition_match else "", target)


RULES = read_rules(HTACCESS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("accept", [*EXACT, BROWSER, "*/*", "text/turtle;q=0.5, application/ld+json"])
@pytest.mark.parametrize("path", THINGS + DOCUMENTS)
def test_the_rules_lead_every_kind_of_iri_where_the_service_would(fixture_server, http, path, accept):
    answer = apply(RULES, path, accept)
    assert answer is not None, f"no rule for {path}"
    status, location = answer
    assert location.startswith(PLACEHOLDER + "/")
    if accept in EXACT and path in THINGS:
        assert status == 303, "a thing is not a document: 303 straight to the document"
    via_w3id = http.get(fixture_server + location[len(PLACEHOLDER):], headers={"Accept": accept}, follow_redirects=True)
    direct = http.get(f"{fixture_server}/{path}", headers={"Accept": accept}, follow_redirects=True)
    assert via_w3id.status_code == direct.status_code == 200, (path, accept, location)
    assert via_w3id.headers["content-type"] == direct.headers["content-type"], (path, accept, location)


def test_the_rules_cover_each_kind_of_minted_iri():
    for path in ["id/x", "def", "def/0.1.0", "vocab/s", "vocab/s/c", "graph/g", "dataset", "context/latest.jsonld"]:
        assert apply(RULES, path, "*/*") is not None, path
    assert apply(RULES, "not-ours/x", "*/*") is None
