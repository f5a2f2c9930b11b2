"""What a demo declares about itself: the `DemoSpec` each module under demos/specs/ defines. No torch here."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel


@dataclass(frozen=True)
class DemoSpec:
    id: str
    title_en: str
    title_ko: str
    caption_en: str  # what to notice, one or two sentences
    caption_ko: str
    terms: tuple[str, ...]  # glossary slugs this demo illustrates
    params_model: type[BaseModel]
    kernel: str  # "module:function", imported only inside a worker process
    order: int  # position in the catalogue
    # Small parameters for the warm-up run each worker makes at start, so a first request is not slow.
    warmup: Mapping[str, Any] = field(default_factory=dict)
    # Labels the demo's page needs beyond the shared ones: key -> {"ko": ..., "en": ...}.
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # Extra JSON for the page's script (presets, formulas, ...), computed without torch.
    page_config: Callable[[], dict[str, Any]] | None = None

    def label(self, key: str, lang: str) -> str:
        return self.labels[key][lang]
