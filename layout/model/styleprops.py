"""Style properties, each declared once.

Every key a template style may hold is one ``StyleProp`` in ``PROPERTIES``:
its value rule (kind, allowed words and their aliases, written units, range),
its default, the unit of its resolved value, its help text, and the field of
the text stage's ``ParagraphStyle`` it feeds (with the conversion). Everything
else is derived from this table:

* ``fields.STYLE`` (validation by ``render.py check``) and its JSON Schema
  (``render.py schema``), ``fields.STYLE_DEFAULTS``;
* the resolved type ``types.Style`` (one attribute per property);
* resolution in ``resolve`` (``based_on`` applied, defaults, lengths in pt);
* ``compose.typeset.paragraph_style`` (the mapping to ``ParagraphStyle``);
* the galley's ``--punct`` / ``--kinsoku`` choices (``choices``);
* the style table of docs/templates.md (``markdown_table``; a test keeps the
  file equal to it: ``python3 -m layout.model.styleprops --write-docs``
  rewrites it, without the option it is printed).

Adding a property therefore means one entry here, then ``--write-docs``
(and, when the text stage has no field for it yet, that field in
``layout.text.style`` and the code that uses it).

Defaults follow clreq and newspaper practice: strict kinsoku (clreq §3.1.4),
全角 punctuation (clreq §3.1.6), Han–Latin space ¼ em (clreq §3.2.2), no
hanging punctuation (clreq §3.1.7), a last line of at least two characters
(clreq §3.5.4), tate-chu-yoko for numbers of up to two digits (clreq §3.2.3),
corner-bracket quotes in vertical text (GB/T 15834—2011).

This module is plain data with no heavy imports, so the galley can take its
choices from it without loading the YAML reader.
"""
from __future__ import annotations

from dataclasses import field
from typing import Any, Callable, Dict, Iterable, Mapping, Optional, Tuple

from ..display import BLACK, Color
from ..records import record

# value kinds: how a written value is checked and what the resolved value is
WORD, LENGTH, BOOL, INT, SWATCH = "word", "length", "bool", "int", "swatch"
PY_TYPES = {WORD: str, LENGTH: float, BOOL: bool, INT: int, SWATCH: Color}


def em_of_size(value: float, size: float) -> float:
    """A length in pt as a fraction of the style's size (the text stage measures these in em)."""
    return value / size


# template align -> the text stage's (align, last_line); 均排 justifies the last line too
ALIGN_TO_TEXT = {"justify": ("justify", "start"), "left": ("start", "start"), "center": ("center", "center"),
                 "right": ("end", "end"), "distribute": ("justify", "justify")}

VERTICAL_PREFIX = "vertical."  # text names of options carried by the text stage's VerticalStyle


@record(frozen=True)
class Length:
    """A length default: ``value`` in pt, or in em of the style's size when ``em``."""

    value: float
    em: bool = False

    def to_pt(self, size: float) -> float:
        """Points for a style of ``size`` pt."""
        return self.value * size if self.em else self.value

    def __str__(self) -> str:
        if self.value == 0:
            return "0"
        return f"{self.value:g}{'em' if self.em else 'pt'}"


@record(frozen=True)
class StyleProp:
    """One style key: value rule, default, unit, help and the text stage's field for it."""

    name: str  # template key and ``Style`` attribute
    kind: str  # WORD | LENGTH | BOOL | INT | SWATCH
    default: Any  # the resolved default (a Length for lengths: pt or em of the size)
    help: str  # one line for check messages, the schema and the docs
    words: Tuple[str, ...] = ()  # WORD: the allowed values
    aliases: Mapping[str, str] = field(default_factory=dict)  # WORD: other spellings -> a word
    units: Tuple[str, ...] = ()  # LENGTH: written units accepted (abs, em, pct, hao; see spec.UNIT_WORDS)
    minimum: Optional[float] = None
    exclusive_minimum: bool = False
    maximum: Optional[float] = None
    refused: Mapping[Any, str] = field(default_factory=dict)  # values inside the range that are errors, with why
    text: Tuple[str, ...] = ()  # ParagraphStyle field(s) fed; "vertical.x" = VerticalStyle option x; () = none
    to_text: Optional[Callable[[Any, float], Any]] = None  # (resolved value, size) -> text value(s); None = as is
    shown_default: str = ""  # the default as the docs print it (default: derived)
    cli: str = ""  # WORD: the galley's command-line option for it ("" = none)

    @property
    def py_type(self) -> type:
        """Type of the resolved value in ``Style``."""
        return PY_TYPES[self.kind]

    @property
    def unit(self) -> str:
        """Unit of the resolved value ('pt' for lengths, '' otherwise)."""
        return "pt" if self.kind == LENGTH else ""

    def resolved_default(self, size: float) -> Any:
        """The default for a style of ``size`` pt (lengths in pt; a swatch name stays a name)."""
        return self.default.to_pt(size) if isinstance(self.default, Length) else self.default

    def text_values(self, value: Any, size: float) -> Dict[str, Any]:
        """{text-stage name: value} for this property's resolved ``value`` in a style of ``size`` pt."""
        if not self.text:
            return {}
        out = self.to_text(value, size) if self.to_text else value
        values = out if len(self.text) > 1 else (out,)
        return dict(zip(self.text, values))

    def default_text(self) -> str:
        """The default as the docs show it."""
        if self.shown_default:
            return self.shown_default
        if isinstance(self.default, bool):
            return str(self.default).lower()
        return str(self.default)


LENGTH_UNITS_EM = ("abs", "em")

PROPERTIES: Tuple[StyleProp, ...] = (
    StyleProp("font", WORD, "song", "font role (see fonts/fonts.yaml)",
              words=("song", "hei", "kai", "fangsong", "latin"),
              aliases={"宋": "song", "宋体": "song", "黑": "hei", "黑体": "hei", "楷": "kai", "楷体": "kai", "仿宋": "fangsong"},
              text=("font",)),
    StyleProp("weight", WORD, "regular", "font weight", words=("regular", "bold", "black"), text=("weight",)),
    StyleProp("size", LENGTH, Length(10.5), "font size: `9pt`, `3.2mm`, `五号`, `小五` ...", units=("abs", "hao"),
              minimum=0, exclusive_minimum=True, text=("size",), shown_default="10.5pt (五号)"),
    StyleProp("leading", LENGTH, Length(1.5, em=True), "baseline to baseline: `14pt`, `1.5em` or `150%` of the size",
              units=("abs", "em", "pct"), minimum=0, exclusive_minimum=True, text=("leading",)),
    StyleProp("tracking", LENGTH, Length(0.0), "space added after every character: `0`, `0.05em`, `-0.2pt`",
              units=LENGTH_UNITS_EM, text=("tracking",), to_text=em_of_size),
    StyleProp("indent", LENGTH, Length(0.0), "first-line indent, e.g. `2em`", units=LENGTH_UNITS_EM, minimum=0,
              text=("indent",), to_text=em_of_size),
    StyleProp("align", WORD, "justify", "alignment of lines", words=tuple(ALIGN_TO_TEXT),
              aliases={"centre": "center", "均排": "distribute"}, text=("align", "last_line"),
              to_text=lambda value, size: ALIGN_TO_TEXT[value]),
    StyleProp("punctuation", WORD, "quanjiao", "punctuation width style (clreq §3.1.6); `plain` makes no adjustment",
              words=("quanjiao", "kaiming", "banjiao", "plain"),
              aliases={"全角": "quanjiao", "开明": "kaiming", "半角": "banjiao"}, text=("punct",), cli="--punct"),
    StyleProp("kinsoku", WORD, "strict", "line-start/end prohibition (禁则) level; `none` switches it off",
              words=("none", "basic", "gb", "strict"), aliases={"GB": "gb"}, text=("kinsoku",), cli="--kinsoku"),
    StyleProp("color", SWATCH, "black", "a swatch name", text=("fill",)),
    StyleProp("writing_mode", WORD, "horizontal-tb", "horizontal or vertical text",
              words=("horizontal-tb", "vertical-rl"),
              aliases={"horizontal": "horizontal-tb", "vertical": "vertical-rl", "横排": "horizontal-tb", "竖排": "vertical-rl"},
              text=("writing_mode",), shown_default="horizontal"),
    StyleProp("space_before", LENGTH, Length(0.0), "space above a paragraph", units=LENGTH_UNITS_EM, minimum=0),
    StyleProp("space_after", LENGTH, Length(0.0), "space below a paragraph", units=LENGTH_UNITS_EM, minimum=0),
    StyleProp("latin_spacing", LENGTH, Length(0.125, em=True), "space between Han and Latin letters or digits",
              units=LENGTH_UNITS_EM, minimum=0, text=("han_latin_space",), to_text=em_of_size),
    StyleProp("hanging_punctuation", BOOL, False, "let 、，。 hang into the margin at line end", text=("hanging",)),
    StyleProp("grid", BOOL, False, "character grid: the measure is cut to a whole number of characters and "
              "Latin runs take whole character cells, so characters line up across columns", text=("grid",)),
    StyleProp("orphan_min", INT, 2, "characters a paragraph's last line holds at least (孤字 rule); `0` switches it off",
              minimum=0, maximum=10, text=("orphan_min",)),
    StyleProp("tcy_digits", INT, 2, "vertical text: numbers of up to `2` or `3` characters are set tate-chu-yoko "
              "(纵中横, side by side within 1 em); `0` rotates every number 90°", minimum=0, maximum=3,
              refused={1: "1 is not allowed; use 2 or 3 (numbers of up to that many digits set tate-chu-yoko) "
                          "or 0 (rotate every number)"},
              text=("vertical.tcy_digits",)),
    StyleProp("vertical_quotes", WORD, "corner", "vertical text, quote form (`corner`: “” as 『』 and ‘’ as 「」, "
              "GB/T 15834—2011; `font`: the font's own vertical quotes)", words=("corner", "font"),
              aliases={"直角": "corner", "字体": "font"}, text=("vertical.quotes",)),
    StyleProp("upright_acronyms", BOOL, False, "vertical text: capital words of up to 4 letters (APEC) upright, "
              "letter by letter, instead of rotated", text=("vertical.upright_acronyms",)),
)

BASED_ON_HELP = "another style whose values this one starts from (its written values, then this style's own)"


def prop(name: str) -> StyleProp:
    """The property called ``name`` (KeyError when there is none)."""
    for p in PROPERTIES:
        if p.name == name:
            return p
    raise KeyError(name)


def choices(name: str) -> Tuple[str, ...]:
    """The allowed words of a WORD property."""
    return tuple(prop(name).words)


def defaults(size: Optional[float] = None) -> Dict[str, Any]:
    """{name: default}: Length objects as declared, or pt for a style of ``size`` pt when given."""
    return {p.name: (p.default if size is None else p.resolved_default(size)) for p in PROPERTIES}


def dataclass_fields() -> Iterable[Tuple[str, type, Any]]:
    """(name, type, default) of each property as a ``Style`` attribute (lengths at the default size)."""
    size = prop("size").default.to_pt(0.0)
    for p in PROPERTIES:
        value = p.resolved_default(size)
        yield p.name, p.py_type, (BLACK if p.kind == SWATCH else value)


def text_fields(style: Any) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """({ParagraphStyle field: value}, {VerticalStyle option: value}) for a resolved ``style``."""
    plain: Dict[str, Any] = {}
    vertical: Dict[str, Any] = {}
    for p in PROPERTIES:
        for name, value in p.text_values(getattr(style, p.name), style.size).items():
            if name.startswith(VERTICAL_PREFIX):
                vertical[name[len(VERTICAL_PREFIX):]] = value
            else:
                plain[name] = value
    return plain, vertical


def vertical_defaults() -> Dict[str, Any]:
    """{VerticalStyle option: the default of the property feeding it}."""
    out: Dict[str, Any] = {}
    for p in PROPERTIES:
        if any(name.startswith(VERTICAL_PREFIX) for name in p.text):
            out.update({k[len(VERTICAL_PREFIX):]: v for k, v in p.text_values(p.resolved_default(1.0), 1.0).items()})
    return out


# -- command-line options (the galley) -----------------------------------------

def add_cli_arguments(parser: Any) -> None:
    """Add an argparse option (choices, aliases and default from here) for every property with a ``cli`` flag."""
    for p in PROPERTIES:
        if p.cli:
            text = f"{p.help} (default {p.default_text()})".replace("`", "").replace("%", "%%")
            spell = dict(p.aliases)  # the template's other spellings work here too (--punct 全角)
            parser.add_argument(p.cli, dest=_dest(p), default=p.default, choices=p.words, help=text,
                                type=lambda value, spell=spell: spell.get(value, value))


def _dest(p: StyleProp) -> str:
    return p.cli.lstrip("-").replace("-", "_")


def cli_text_values(args: Any) -> Dict[str, Any]:
    """{ParagraphStyle field: value} of the options added by ``add_cli_arguments`` (sizes do not apply to them)."""
    out: Dict[str, Any] = {}
    for p in PROPERTIES:
        if p.cli:
            out.update(p.text_values(getattr(args, _dest(p)), 1.0))
    return out


# -- the docs table ------------------------------------------------------------

TABLE_BEGIN = "<!-- style table: generated from layout/model/styleprops.py (python3 -m layout.model.styleprops --write-docs) -->"
TABLE_END = "<!-- end of generated style table -->"


def _values_text(p: StyleProp) -> str:
    if p.kind != WORD:
        return p.help
    spelled: Dict[str, list] = {w: [] for w in p.words}
    for alias, word in p.aliases.items():
        spelled[word].append(alias)
    listed = ", ".join(f"`{w}`" + (f" ({' / '.join(spelled[w])})" if spelled[w] else "") for w in p.words)
    return f"{p.help}: {listed}"


def markdown_table() -> str:
    """The style table of docs/templates.md, from the registry (with its begin/end markers)."""
    rows = [TABLE_BEGIN, "| key | values | default |", "|---|---|---|",
            f"| `based_on` | {BASED_ON_HELP} | |"]
    for p in PROPERTIES:
        rows.append(f"| `{p.name}` | {_values_text(p)} | {p.default_text()} |")
    rows.append(TABLE_END)
    return "\n".join(rows) + "\n"


def with_table(docs: str) -> str:
    """``docs`` (the text of docs/templates.md) with its generated style table replaced by the registry's."""
    start, end = docs.index(TABLE_BEGIN[:18]), docs.index(TABLE_END) + len(TABLE_END) + 1
    return docs[:start] + markdown_table() + docs[end:]


def main(argv: Iterable[str]) -> int:
    """Print the table, or with --write-docs rewrite it in docs/templates.md; 0 on success."""
    if "--write-docs" not in argv:
        print(markdown_table(), end="")
        return 0
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "docs" / "templates.md"
    path.write_text(with_table(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote the style table into {path}")
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
