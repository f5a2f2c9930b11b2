"""Public models of the learning features: the guided path, flashcards and what can be studied.

Kept apart from glossary/schemas.py (the glossary's own models) so that each file stays short; same rules apply.
"""

from typing import Literal

from pydantic import BaseModel, Field

from glossary.schemas import TermSummary

SelectionKind = Literal["tag", "category", "path", "slugs"]


class PathTerm(TermSummary):
    prerequisites: list[str] = Field(description="Slugs of terms to learn first (on the path or not)")


class PathStage(BaseModel):
    id: str = Field(examples=["cnn"])
    name_ko: str
    name_en: str
    goal_ko: str
    goal_en: str
    terms: list[PathTerm]


class LearningPathOut(BaseModel):
    id: str = Field(examples=["curriculum"])
    name_ko: str
    name_en: str
    total: int = Field(description="How many terms the path has")
    stages: list[PathStage] = Field(description="In order: each term comes after its prerequisites on the path")


class SelectionOut(BaseModel):
    kind: SelectionKind
    value: str = Field(description="The tag, category or path (path/stage), or the slugs joined by commas")
    label_ko: str
    label_en: str


class Card(BaseModel):
    slug: str
    name_ko: str
    name_en: str
    summary_ko: str
    summary_en: str
    url: str = Field(description="The term page, relative to the site", examples=["/terms/perceptron"])


class CardDeck(BaseModel):
    selection: SelectionOut
    count: int
    cards: list[Card]


class StudyStageOption(BaseModel):
    id: str
    name_ko: str
    name_en: str
    count: int


class StudyPathOption(BaseModel):
    id: str
    name_ko: str
    name_en: str
    count: int
    stages: list[StudyStageOption]


class StudyTagOption(BaseModel):
    tag: str
    count: int


class StudyOptions(BaseModel):
    """What the study page offers: the path and its stages, and every tag with enough terms for a session."""

    modes: list[str] = Field(description="ko-en, en-ko (names), name-definition, definition-name")
    paths: list[StudyPathOption]
    tags: list[StudyTagOption]
