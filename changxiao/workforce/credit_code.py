"""统一社会信用代码 (GB 32100-2015): 18 characters — registration authority, organization type, the GB/T 2260 area
code, the 9-character organization code, and a check character over the first 17.

The character set leaves out I, O, S, V and Z. Some early pilot codes fail the check character though they were
issued (../shared/reference/wave2-anchors.md, (a): aarioai/id-rule's 91350100M0001TGQXM), so a code failing only
the check is warned about and may be confirmed; one of another length or with other characters is refused."""

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


def normalize(code: str | None) -> str:
    """Upper case, spaces and hyphens left out (as codes are often written in groups)."""
    return "".join((code or "").split()).replace("-", "").upper()


def is_well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(char in CHARSET for char in code)


def check_character(body: str) -> str:
    """The check character of the first 17 characters: (31 − Σ vᵢ·wᵢ mod 31) mod 31."""
    total = sum(CHARSET.index(char) * weight for char, weight in zip(body, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def passes_check(code: str) -> bool:
    return is_well_formed(code) and check_character(code[:17]) == code[17]
