"""Score predicted figures and relevance against labelled texts.

Figures match on (metric, value, high) with multiset matching per text;
qualifier and source accuracy are measured on matched pairs (a match with
the same source is preferred). Relevance is scored per text. Everything is
reported per language and overall.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FigureError:
    kind: str  # "miss" | "false" | "qualifier" | "source"
    text_id: str
    lang: str
    figure: dict[str, Any]
    other: dict[str, Any] | None = None
    quote: str = ""


@dataclass(frozen=True)
class Scores:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    qualifier_ok: int = 0
    source_ok: int = 0
    rel_tp: int = 0
    rel_fp: int = 0
    rel_fn: int = 0
    texts: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def qualifier_accuracy(self) -> float:
        return self.qualifier_ok / self.matched if self.matched else 1.0

    @property
    def source_accuracy(self) -> float:
        return self.source_ok / self.matched if self.matched else 1.0

    @property
    def relevance_precision(self) -> float:
        d = self.rel_tp + self.rel_fp
        return self.rel_tp / d if d else 1.0

    @property
    def relevance_recall(self) -> float:
        d = self.rel_tp + self.rel_fn
        return self.rel_tp / d if d else 1.0

    def __add__(self, o: Scores) -> Scores:
        return Scores(*(getattr(self, f) + getattr(o, f) for f in self.__dataclass_fields__))


@dataclass(frozen=True)
class EvalReport:
    by_lang: dict[str, Scores]
    overall: Scores
    errors: tuple[FigureError, ...] = field(default_factory=tuple)


def _key(f: dict[str, Any]) -> tuple[str, int, int | None]:
    high = f.get("high")
    return (str(f.get("metric")), int(f.get("value", 0)), int(high) if high is not None else None)


def _match(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]]]:
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    g_left = list(gold)
    p_left = list(pred)
    for strict in (True, False):
        for g in list(g_left):
            for p in p_left:
                if _key(g) == _key(p) and (not strict or (g.get("source") or "") == (p.get("source") or "")):
                    pairs.append((g, p))
                    g_left.remove(g)
                    p_left.remove(p)
                    break
    return pairs, g_left, p_left


def evaluate(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> EvalReport:
    preds = {str(p["id"]): p for p in predicted}
    by_lang: dict[str, Scores] = {}
    errors: list[FigureError] = []
    for g in gold:
        tid = str(g["id"])
        lang = str(g.get("lang", "") or "")
        p = preds.get(tid, {"id": tid, "relevant": False, "figures": []})
        gf = list(g.get("figures") or [])
        pf = list(p.get("figures") or [])
        pairs, misses, falses = _match(gf, pf)
        q_ok = sum(1 for a, b in pairs if a.get("qualifier") == b.get("qualifier"))
        s_ok = sum(1 for a, b in pairs if (a.get("source") or "") == (b.get("source") or ""))
        gr, pr = bool(g.get("relevant")), bool(p.get("relevant"))
        sc = Scores(len(gf), len(pf), len(pairs), q_ok, s_ok, int(gr and pr), int(pr and not gr), int(gr and not pr), 1)
        by_lang[lang] = by_lang.get(lang, Scores()) + sc
        for f in misses:
            errors.append(FigureError("miss", tid, lang, f, None, ""))
        for f in falses:
            errors.append(FigureError("false", tid, lang, f, None, str(f.get("quote", ""))))
        for a, b in pairs:
            if a.get("qualifier") != b.get("qualifier"):
                errors.append(FigureError("qualifier", tid, lang, a, b, str(b.get("quote", ""))))
            if (a.get("source") or "") != (b.get("source") or ""):
                errors.append(FigureError("source", tid, lang, a, b, str(b.get("quote", ""))))
        if gr != pr:
            errors.append(FigureError("relevance", tid, lang, {"relevant": gr}, {"relevant": pr}, ""))
    overall = Scores()
    for s in by_lang.values():
        overall = overall + s
    return EvalReport(dict(sorted(by_lang.items())), overall, tuple(errors))


def _fmt_fig(f: dict[str, Any]) -> str:
    high = f.get("high")
    rng = f"-{high}" if high is not None else ""
    return f"{f.get('metric')}={f.get('value')}{rng} {f.get('qualifier')} [{f.get('source') or '-'}]"


def format_report(report: EvalReport, errors: bool = False) -> str:
    head = ("lang", "texts", "gold", "pred", "P", "R", "F1", "qual", "src", "relP", "relR")
    rows: list[tuple[str, ...]] = [head]
    for lang, s in [*report.by_lang.items(), ("ALL", report.overall)]:
        rows.append(
            (
                lang or "?",
                str(s.texts),
                str(s.gold),
                str(s.predicted),
                f"{s.precision:.3f}",
                f"{s.recall:.3f}",
                f"{s.f1:.3f}",
                f"{s.qualifier_accuracy:.3f}",
                f"{s.source_accuracy:.3f}",
                f"{s.relevance_precision:.3f}",
                f"{s.relevance_recall:.3f}",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.insert(len(lines) - 1, "  ".join("-" * w for w in widths))
    if errors and report.errors:
        lines.append("")
        lines.append("errors:")
        for e in report.errors:
            if e.kind == "relevance":
                lines.append(f"  RELEVANCE {e.text_id}: gold={e.figure['relevant']} predicted={(e.other or {}).get('relevant')}")
            elif e.kind in ("qualifier", "source"):
                lines.append(f"  {e.kind.upper():9} {e.text_id}: gold {_fmt_fig(e.figure)} / got {_fmt_fig(e.other or {})}")
                if e.quote:
                    lines.append(f"            | {e.quote}")
            else:
                lines.append(f"  {e.kind.upper():9} {e.text_id}: {_fmt_fig(e.figure)}")
                if e.quote:
                    lines.append(f"            | {e.quote}")
    return "\n".join(lines)
