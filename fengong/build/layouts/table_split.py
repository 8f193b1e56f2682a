"""The 主责/协办 split of a flattened action-plan table's unit cells: what certain rows teach about
officials' portfolios, and the evidence each row's split is decided on. Part of the ``table``
layout (:mod:`fengong.build.layouts.table`)."""

from __future__ import annotations

from collections import Counter, defaultdict

from fengong.build.layouts.table_rows import Row
from fengong.build.records import SPLIT_AMBIGUOUS, SPLIT_CERTAIN, SPLIT_INFERRED

# ---------------------------------------------------------------- learning from certain rows


def _certain(row: Row) -> tuple[int, str] | None:
    """The split fixed by the text itself: (number of 主责 units, reason), or None."""
    n = len(row.units)
    if n == 0:
        return None
    if row.none_marker and row.none_after == n:
        return n, '协办 cell is "——", so every unit is 主责'
    if n == 2 and row.units[1].text in ("各相关单位",) and not row.units[0].wrapped:
        return 1, "协办 is the placeholder 各相关单位"
    if n == 2 and all(u.same_line_as_official for u in row.units) and row.units[0].lines == row.units[1].lines:
        return 1, "two one-line cells on the official's line: left = 主责, right = 协办"
    return None


def learn_portfolios(rows: list[Row]) -> dict[str, set[str]]:
    """Each official's 主责 units, from rows whose split is certain (multi-official rows by elimination)."""
    port: dict[str, set[str]] = defaultdict(set)
    certain = []
    for r in rows:
        c = _certain(r)
        if c and r.officials and not getattr(r, "displaced_reason", ""):
            certain.append((r, [u.text for u in r.units[: c[0]]]))
    for r, resp in certain:
        if len(r.officials) == 1:
            port[r.officials[0].text].update(resp)
    for _ in range(2):
        for r, resp in certain:
            if len(r.officials) < 2:
                continue
            unexplained = [u for u in resp if not any(u in port[o.text] for o in r.officials)]
            lacking = [o.text for o in r.officials if not (port[o.text] & set(resp))]
            if len(lacking) == 1 and unexplained:
                port[lacking[0]].update(unexplained)
    return {k: v for k, v in port.items() if v}


# ---------------------------------------------------------------- the 主责/协办 split


def _wrap_cue(rows: list[Row]) -> int | None:
    """The 主责 column's wrap width when 协办 is visibly wider (long names printed unwrapped), else None."""
    widths = Counter(u.first_len for r in rows for u in r.units if u.wrapped)
    if not widths:
        return None
    w = widths.most_common(1)[0][0]
    long_unwrapped = any(not u.wrapped and len(u.text) > w for r in rows for u in r.units)
    wrapped_in_assist = wrapped_in_resp = False
    for r in rows:
        c = _certain(r)
        if not c:
            continue
        wrapped_in_resp |= any(u.wrapped for u in r.units[: c[0]])
        wrapped_in_assist |= any(u.wrapped for u in r.units[c[0] :])
    return w if (long_unwrapped and wrapped_in_resp and not wrapped_in_assist) else None


def decide_split(
    row: Row, portfolios: dict[str, set[str]], wrap: int | None, spaced: bool = True
) -> tuple[int, str, str]:
    """How many leading units are 主责, with the split status and the evidence.

    Evidence, strongest first: the text itself ("——", 各相关单位, two cells on one line);
    cells printed after a page number; adjacent lines or whitespace-only lines at a cell
    boundary; the 主责 column's wrap width; a unit on the officials' line being a one-line
    cell; each official's portfolio learned from certain rows; document order.
    """
    if row.assist_tail:
        # a displaced 协办 cell was appended: split the printed units, the appended ones assist
        from dataclasses import replace

        core = replace(row, units=row.units[: -row.assist_tail], assist_tail=0, displaced_reason="")
        k, _status, why = (
            decide_split(core, portfolios, wrap, spaced)
            if len(core.units) > 1
            else (len(core.units), SPLIT_INFERRED, "the printed units form the 主责 cell")
        )
        return k, SPLIT_INFERRED, f"{why}; {row.displaced_reason}"
    units = row.units
    n = len(units)
    if n == 0:
        return 0, SPLIT_CERTAIN, "no units printed"
    if row.fixed_boundary is not None:
        k = row.fixed_boundary
        return k, SPLIT_INFERRED, row.displaced_reason or "cell printed after the page number"
    c = _certain(row)
    if c:
        status = SPLIT_INFERRED if row.displaced_reason else SPLIT_CERTAIN
        return c[0], status, c[1] + (f"; {row.displaced_reason}" if row.displaced_reason else "")
    if row.none_marker and row.none_after is not None and row.none_after < n:
        return row.none_after, SPLIT_INFERRED, 'units before "——" are 主责'
    if n == 1:
        return 1, SPLIT_INFERRED, "a single unit and no 协办 cell printed"
    lo, hi = 1, n - 1
    reasons = []
    if wrap:
        for i, u in enumerate(units):
            if u.wrapped and u.first_len == wrap:
                lo = max(lo, i + 1)
            elif not u.wrapped and len(u.text) > wrap:
                hi = min(hi, i)
                break
        reasons.append(f"the 主责 column wraps at {wrap} characters")
    # where extraction puts a blank line between printed lines, two adjacent lines meet at a cell boundary
    adjacent = {i + 1 for i in range(n - 1) if units[i + 1].lines[0] - units[i].lines[-1] == 1} if spaced else set()
    bounds = sorted(adjacent | {w for w in row.ws_after if 0 < w < n})
    bounds = [b for b in bounds if lo <= b <= hi]
    kmin = _portfolio_k(row, portfolios)
    same = (
        units[0].same_line_as_official
        and not units[1].same_line_as_official
        and len({o.lines for o in row.officials}) == 1
        and units[0].lines[0] == row.officials[0].lines[0]
    )
    if bounds:
        k = bounds[0]
        reasons.insert(0, "adjacent or whitespace-only lines mark the cell boundary")
    elif same and lo <= 1:
        k = 1
        reasons.insert(0, f"{units[0].text} is printed on the official's line as a one-line 主责 cell")
    elif kmin is not None and lo <= kmin <= hi:
        k = kmin
        reasons.insert(0, "each official's 主责 unit comes first (portfolios from certain rows)")
    elif wrap and lo <= hi and (lo > 1 or hi < n - 1):
        k = lo
    else:
        k = min(max(lo, 1), hi) if lo <= hi else 1
        reason = "no evidence fixes the cell boundary; best guess from document order"
        if kmin is not None and kmin > hi:
            reason = "officials' portfolios would leave no 协办 cell; best guess from document order"
        return k, SPLIT_AMBIGUOUS, reason
    if kmin is not None and kmin > k and portfolios:
        lacking = [
            o.text
            for o in row.officials
            if o.text in portfolios and not (portfolios[o.text] & {u.text for u in units[:k]})
        ]
        if lacking:
            reasons.append(f"although {'、'.join(lacking)} has no 主责 unit then")
    return k, SPLIT_INFERRED, "; ".join(reasons)


def _portfolio_k(row: Row, portfolios: dict[str, set[str]]) -> int | None:
    need = [o.text for o in row.officials if o.text in portfolios]
    if not need:
        return None
    k = 0
    for o in need:
        pos = [i for i, u in enumerate(row.units) if u.text in portfolios[o]]
        if not pos:
            continue
        k = max(k, pos[0] + 1)
    return k or None
