"""A question's condition as XLSForm writes it in the `relevant` column, both ways: the expression the export
writes, and the parser that reads the simple forms back (anything else is left to the import to report)."""

import re

from ..choices import QuestionKind


def relevant_expression(condition: dict, kinds: dict[str, str]) -> str:
    """`${q} = 'x'` (`selected(${q}, 'x')` for a multiple-choice question), several answers joined with ` or `;
    kinds maps each question code of the form to its kind."""
    if not condition:
        return ""
    code = condition["question"]
    if kinds.get(code) == QuestionKind.MULTIPLE:
        terms = [f"selected(${{{code}}}, {_quoted(v)})" for v in condition.get("in", [])]
    else:
        terms = [f"${{{code}}} = {_quoted(v)}" for v in condition.get("in", [])]
    return " or ".join(terms)


def _quoted(value) -> str:
    text = str(value)
    return f'"{text}"' if "'" in text else f"'{text}'"


# One term of a simple condition, maybe in parentheses:
# ${q} = 'x' (or "x", or a number) or selected(${q}, 'x').
_TERM = re.compile(
    r"(?P<open>\(\s*)?(?P<selected>selected\(\s*)?"
    r"\$\{\s*(?P<name>[^}\s]+)\s*\}\s*(?(selected),|=)\s*"
    r"""(?:'(?P<single>[^']*)'|"(?P<double>[^"]*)"|(?P<number>-?\d+(?:\.\d+)?))"""
    r"(?(selected)\s*\))(?(open)\s*\))"
)
_OR = re.compile(r"\s+or\s+")


def _unwrap(text: str) -> str:
    """The expression without parentheses around all of it."""
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        for index, char in enumerate(text):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0 and index < len(text) - 1:
                return text
        text = text[1:-1].strip()
    return text


def parse_relevant(expression: str) -> tuple[str, str, list[str]] | None:
    """("=" or "selected", name, values) for `${q} = 'x' or …` and `selected(${q}, 'x') or …`, else None."""
    text = _unwrap(expression.strip())
    terms: list[tuple[str, str, str]] = []
    position = 0
    while True:
        match = _TERM.match(text, position)
        if not match:
            return None
        value = next(v for v in (match["single"], match["double"], match["number"]) if v is not None)
        terms.append(("selected" if match["selected"] else "=", match["name"], value))
        position = match.end()
        if position == len(text):
            break
        separator = _OR.match(text, position)
        if not separator:
            return None
        position = separator.end()
    forms, names = {t[0] for t in terms}, {t[1] for t in terms}
    if len(forms) > 1 or len(names) > 1:
        return None
    return forms.pop(), names.pop(), list(dict.fromkeys(t[2] for t in terms))
