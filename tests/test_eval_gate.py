"""Evaluation gate: extraction on the project's own labelled texts must stay above pinned floors.

`tests/eval/*.jsonl` are articles written for the project, blind to the
extraction rules, labelled per docs/figures-spec.md. Raise a floor when the
extractor gets better; never lower one to make a change pass.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.analyse import prediction
from extractors.evaluate import evaluate, format_report

EVAL_DIR = Path(__file__).parent / "eval"
FILES = sorted(EVAL_DIR.glob("*.jsonl"))

# Pinned floors (overall, per file). blind-* has been used to fix rules; blind2-* to blind44-* were
# written later and measured how the rules carried to new texts before they too were used for
# fixing (blind3-*: half of it first, the other half kept hidden to measure that round).
FLOORS = {"precision": 0.97, "recall": 0.97, "relevance_precision": 0.97, "relevance_recall": 0.97}
FLOORS_BY_PREFIX = {
    "blind2-": {"precision": 0.97, "recall": 0.95, "relevance_precision": 0.97, "relevance_recall": 0.97},
    "blind3-": {"precision": 0.97, "recall": 0.91, "relevance_precision": 0.93, "relevance_recall": 0.97},
    # blind4-* to blind41-*: measured fresh, then fixed from (general rule classes only, not fitted to 1.0)
    "blind4-": {"precision": 0.90, "recall": 0.82, "relevance_precision": 0.97, "relevance_recall": 0.97},
    "blind5-": {"precision": 0.90, "recall": 0.88, "relevance_precision": 0.97, "relevance_recall": 0.97},
    "blind6-": {"precision": 0.92, "recall": 0.85, "relevance_precision": 0.93, "relevance_recall": 0.97},
    "blind7-": {"precision": 0.92, "recall": 0.88, "relevance_precision": 0.87, "relevance_recall": 0.97},
    "blind8-": {"precision": 0.95, "recall": 0.90, "relevance_precision": 0.97, "relevance_recall": 0.97},
    "blind9-": {"precision": 0.93, "recall": 0.86, "relevance_precision": 0.90, "relevance_recall": 0.97},
    "blind10-": {"precision": 0.93, "recall": 0.88, "relevance_precision": 0.95, "relevance_recall": 0.97},
    "blind11-": {"precision": 0.95, "recall": 0.90, "relevance_precision": 0.97, "relevance_recall": 0.97},
    "blind12-": {"precision": 0.94, "recall": 0.84, "relevance_precision": 0.90, "relevance_recall": 0.97},
    "blind13-": {"precision": 0.91, "recall": 0.90, "relevance_precision": 0.90, "relevance_recall": 0.97},
    "blind14-": {"precision": 0.92, "recall": 0.85, "relevance_precision": 0.90, "relevance_recall": 0.97},
    "blind15-": {"precision": 0.93, "recall": 0.88, "relevance_precision": 0.95, "relevance_recall": 0.97},
    "blind16-": {"precision": 0.92, "recall": 0.88, "relevance_precision": 0.97, "relevance_recall": 0.97},
    "blind17-": {"precision": 0.90, "recall": 0.86, "relevance_precision": 0.97, "relevance_recall": 0.97},
    "blind18-": {"precision": 0.88, "recall": 0.88, "relevance_precision": 0.97, "relevance_recall": 0.97},
    "blind19-": {"precision": 0.93, "recall": 0.86, "relevance_precision": 0.97, "relevance_recall": 0.85},
    # blind20-*: 12 texts per language (one writer each), measured fresh at P 0.947 / R 0.918
    "blind20-": {"precision": 0.95, "recall": 0.94, "relevance_precision": 0.97, "relevance_recall": 0.97},
    # blind21-*: the same, with factbox lists and press reviews; fresh P 0.944 / R 0.905
    "blind21-": {"precision": 0.94, "recall": 0.90, "relevance_precision": 0.90, "relevance_recall": 0.97},
    # blind22-*: later phases (rotations, workers, KCNA ceremonies); fresh P 0.920 / R 0.912
    "blind22-": {"precision": 0.93, "recall": 0.89, "relevance_precision": 0.93, "relevance_recall": 0.97},
    # blind23-*: one news event per article, officials quoted with the figure; fresh P 0.933 / R 0.924
    "blind23-": {"precision": 0.94, "recall": 0.91, "relevance_precision": 0.93, "relevance_recall": 0.97},
    # blind24-*: spread over the whole period, with explainers and breaking items; fresh P 0.970 / R 0.929
    "blind24-": {"precision": 0.95, "recall": 0.92, "relevance_precision": 0.93, "relevance_recall": 0.97},
    # blind25-*: dev-like kinds only (wires, reports, analyses); fresh P 0.961 / R 0.932
    "blind25-": {"precision": 0.95, "recall": 0.91, "relevance_precision": 0.93, "relevance_recall": 0.97},
    # blind26-*: 18 articles per language; fresh P 0.926 / R 0.918
    "blind26-": {"precision": 0.93, "recall": 0.89, "relevance_precision": 0.95, "relevance_recall": 0.97},
    # blind27-*: measured fresh at the end of stop 8 (P 0.942 / R 0.918); in stop 9 one of the sets every change was checked on
    "blind27-": {"precision": 0.92, "recall": 0.90, "relevance_precision": 0.97, "relevance_recall": 0.97},
    # blind28-*: 14 articles per language, measured fresh at the start of stop 9 (P 0.960 / R 0.913)
    "blind28-": {"precision": 0.97, "recall": 0.87, "relevance_precision": 0.95, "relevance_recall": 0.95},
    # blind29-*: the same, scored fresh at 6fd8e89 after the blind28 fixes (P 0.960 / R 0.934)
    "blind29-": {"precision": 0.96, "recall": 0.92, "relevance_precision": 0.97, "relevance_recall": 0.97},
    # blind30-*: the same, scored fresh at e439247 after the blind29 fixes (P 0.952 / R 0.934)
    "blind30-": {"precision": 0.95, "recall": 0.95, "relevance_precision": 0.97, "relevance_recall": 0.97},
    # blind31-*: the same, scored fresh at 180c11a after the blind30 fixes (P 0.966 / R 0.945)
    "blind31-": {"precision": 0.96, "recall": 0.94, "relevance_precision": 0.97, "relevance_recall": 0.97},
    # blind32-*: the same, scored fresh at 636056c after the blind31 fixes (P 0.950 / R 0.929)
    "blind32-": {"precision": 0.95, "recall": 0.93, "relevance_precision": 0.97, "relevance_recall": 0.97},
    # blind33-*: the same, scored fresh at b184b79 after the blind32 fixes (P 0.966 / R 0.947)
    "blind33-": {"precision": 0.96, "recall": 0.92, "relevance_precision": 0.95, "relevance_recall": 0.97},
    # blind34-*: the same, scored fresh at 3aba3e7 after the blind33 fixes (P 0.951 / R 0.962)
    "blind34-": {"precision": 0.95, "recall": 0.95, "relevance_precision": 0.97, "relevance_recall": 0.97},
    # blind35-*: scored fresh on the final code of stop 9 (baa4974) and not used for fixing (P 0.963 / R 0.963)
    "blind35-": {"precision": 0.94, "recall": 0.93, "relevance_precision": 0.97, "relevance_recall": 0.97},
    # blind36-*: 14 articles per language, scored fresh at a603327 in stop 10 (P 0.951 / R 0.956), then fixed from
    "blind36-": {"precision": 0.95, "recall": 0.95, "relevance_precision": 0.97, "relevance_recall": 0.97},
    # blind37-*: the same, scored fresh at d9171a6 after the blind36 fixes (P 0.967 / R 0.960)
    "blind37-": {"precision": 0.97, "recall": 0.95, "relevance_precision": 0.97, "relevance_recall": 0.97},
    # blind38-*: the same, scored fresh at 0d121ee after the blind37 fixes (P 0.949 / R 0.940)
    "blind38-": {"precision": 0.95, "recall": 0.94, "relevance_precision": 0.97, "relevance_recall": 0.97},
    # blind39-*: the same, scored fresh at 303ea41 after the blind38 fixes (P 0.960 / R 0.957)
    "blind39-": {"precision": 0.96, "recall": 0.95, "relevance_precision": 0.97, "relevance_recall": 0.97},
    # blind40-*: the same, scored fresh at b154ecc after the blind39 fixes (P 0.962 / R 0.941)
    "blind40-": {"precision": 0.97, "recall": 0.94, "relevance_precision": 0.97, "relevance_recall": 0.97},
    # blind41-*: the same, scored fresh at 4cc5865 after the blind40 fixes (P 0.955 / R 0.948)
    "blind41-": {"precision": 0.96, "recall": 0.94, "relevance_precision": 0.97, "relevance_recall": 0.97},
    # blind42-* to blind44-*: written last in stop 10 and scored on its final code (fcd42b0), not
    # used for fixing (P 0.983 / R 0.979, P 0.967 / R 0.950, P 0.964 / R 0.955)
    "blind42-": {"precision": 0.96, "recall": 0.95, "relevance_precision": 0.97, "relevance_recall": 0.97},
    "blind43-": {"precision": 0.95, "recall": 0.93, "relevance_precision": 0.97, "relevance_recall": 0.97},
    "blind44-": {"precision": 0.95, "recall": 0.92, "relevance_precision": 0.97, "relevance_recall": 0.97},
}


def test_there_is_a_labelled_set() -> None:
    assert FILES, "tests/eval/*.jsonl is missing"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_extraction_stays_above_the_floors(path: Path) -> None:
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    report = evaluate(gold, [prediction(item) for item in gold])
    scores = report.overall
    floors = next((f for prefix, f in FLOORS_BY_PREFIX.items() if path.name.startswith(prefix)), FLOORS)
    measured = {name: getattr(scores, name) for name in floors}
    below = {name: round(value, 3) for name, value in measured.items() if value < floors[name]}
    assert not below, f"below the floors {floors}: {below}\n{format_report(report, errors=True)}"
