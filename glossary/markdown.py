"""Markdown with LaTeX formulas → sanitised HTML with MathML. The one place where entry text becomes markup."""

import html
import re
from functools import lru_cache
from typing import Any

import nh3
from latex2mathml.converter import convert as latex_to_mathml
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

# Bump when the output for the same source text changes, so the loader re-renders every entry.
RENDERER_VERSION = "1"

_MATHML_TAGS = {
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "mfrac", "msqrt",
    "mroot", "msub", "msup", "msubsup", "munder", "mover", "munderover", "mtable", "mtr", "mtd", "mstyle",
    "mpadded", "mphantom", "menclose", "merror", "mmultiscripts", "mprescripts", "none",
}
_MATHML_ATTRIBUTES = {
    "xmlns", "display", "displaystyle", "scriptlevel", "mathvariant", "mathsize", "stretchy", "fence",
    "separator", "lspace", "rspace", "minsize", "maxsize", "accent", "accentunder", "movablelimits", "form",
    "width", "height", "depth", "linethickness", "columnalign", "rowalign", "columnspacing", "rowspacing",
    "columnlines", "rowlines", "frame", "notation", "symmetric", "largeop", "encoding",
}
_HTML_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote", "a",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "br", "span", "div", "sub", "sup", "del",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "span": {"class"},
    "div": {"class"},
    "th": {"class"},
    "td": {"class"},
    "code": {"class"},
    **{tag: _MATHML_ATTRIBUTES for tag in _MATHML_TAGS},
}


# markdown-it writes a table column's alignment as style="text-align:…", which the Content-Security-Policy
# (style-src 'self') refuses; a class does the same from the stylesheet. Raw HTML is off, so only the table
# renderer can produce this exact markup.
_ALIGN_STYLE = re.compile(r'<(th|td) style="text-align:(left|right|center)">')


class FormulaError(ValueError):
    """A LaTeX formula that cannot be converted to MathML."""


def _render_formula(latex: str, options: dict[str, Any]) -> str:
    try:
        mathml = latex_to_mathml(latex, display="block" if options.get("display_mode") else "inline")
    except Exception as error:  # latex2mathml raises many exception types for bad input
        raise FormulaError(f"formula ${latex}$ does not parse: {str(error) or type(error).__name__}") from None
    # Keep the source as alt text for copy-paste and for readers without MathML.
    return mathml.replace("<math ", f'<math alttext="{html.escape(latex, quote=True)}" ', 1)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # html=False: raw HTML in an entry is shown as text, never passed through.
    parser = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table").enable("strikethrough")
    dollarmath_plugin(parser, renderer=_render_formula, allow_digits=False)
    return parser


def render_markdown(source: str) -> str:
    """Render Markdown with `$...$` and `$$...$$` formulas to sanitised HTML; raises FormulaError."""
    unsafe = _ALIGN_STYLE.sub(r'<\1 class="align-\2">', _parser().render(source))
    return nh3.clean(
        unsafe,
        tags=_HTML_TAGS | _MATHML_TAGS,
        attributes={**_ALLOWED_ATTRIBUTES, "math": _MATHML_ATTRIBUTES | {"alttext"}},
        link_rel="noopener noreferrer",
        url_schemes={"http", "https", "mailto"},
    )
