"""What every rule receives: the draft, the context, the judged moment and a shared name scan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from app.policy.model import Draft, PolicyContext
from app.policy.names import NameScan


@dataclass
class RuleInput:
    draft: Draft
    ctx: PolicyContext

    @property
    def moment(self) -> datetime:
        """When the post would go out: the scheduled time if set, else now."""
        return self.draft.scheduled_for or self.ctx.now

    @cached_property
    def scan(self) -> NameScan:
        return self.ctx.names.scan(self.draft.text)

    @cached_property
    def alt_scans(self) -> list[tuple[int, NameScan]]:
        """(photo number, scan) for each photo description: they are published too."""
        return [(number, self.ctx.names.scan(alt))
                for number, alt in enumerate(self.draft.alt_texts[: self.draft.photo_count], start=1) if alt.strip()]


def quoted_list(items: list[str], limit: int = 6) -> str:
    """“Aarav”, “Zofia” and 2 more."""
    shown = [f"“{item}”" for item in items[:limit]]
    extra = len(items) - limit
    return ", ".join(shown) + (f" and {extra} more" if extra > 0 else "")
