"""How the UN prints a paper in each of its six official languages (pure data and rules).

Everything here is taken from the UN's own six-language texts (A/RES/78/16,
75/240 and 79/237 as published in Akoma Ntoso by DGACM):

* the masthead: "Nations Unies", "Assemblée générale", "Distr. générale",
  "6 décembre 2023" in French and Spanish; the Arabic, Chinese and Russian
  versions print their organization and organ in their own script but keep
  the distribution line and the date in English ("Distr.: General",
  "6 December 2023"), as the UN does;
* paragraph numbers: "1." everywhere but Arabic, which prints "1 -";
* sub-paragraphs: English and Chinese (a), (b); French, Spanish and Russian
  a), b) (Latin letters, also in Russian); Arabic (أ), (ب), (ج) in the abjad
  order; the second level (i), (ii) in English, i), ii) in French, Spanish and
  Russian, ㈠, ㈡ in Chinese and ’1‘, ’2‘ in Arabic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

RTL = frozenset({"ar"})

#: Language names as a masthead's "Original:" line prints them, in each language.
LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "en": "English", "fr": "French", "es": "Spanish",
        "ru": "Russian", "zh": "Chinese", "ar": "Arabic",
    },
    "fr": {
        "en": "anglais", "fr": "français", "es": "espagnol",
        "ru": "russe", "zh": "chinois", "ar": "arabe",
    },
    "es": {
        "en": "inglés", "fr": "francés", "es": "español",
        "ru": "ruso", "zh": "chino", "ar": "árabe",
    },
}  # fmt: skip
_NAME_TO_CODE = {name.lower(): code for code, name in LANGUAGE_NAMES["en"].items()}

_ORGANIZATION = {
    "en": "United Nations",
    "fr": "Nations Unies",
    "es": "Naciones Unidas",
    "ru": "Организация Объединенных Наций",
    "zh": "联合国",
    "ar": "الأمم المتحدة",
}
_BODIES: dict[str, dict[str, str]] = {
    "General Assembly": {
        "fr": "Assemblée générale", "es": "Asamblea General", "ru": "Генеральная Ассамблея",
        "zh": "大会", "ar": "الجمعية العامة",
    },
    "Security Council": {
        "fr": "Conseil de sécurité", "es": "Consejo de Seguridad", "ru": "Совет Безопасности",
        "zh": "安全理事会", "ar": "مجلس الأمن",
    },
    "Economic and Social Council": {
        "fr": "Conseil économique et social", "es": "Consejo Económico y Social",
        "ru": "Экономический и Социальный Совет", "zh": "经济及社会理事会",
        "ar": "المجلس الاقتصادي والاجتماعي",
    },
    "Human Rights Council": {
        "fr": "Conseil des droits de l’homme", "es": "Consejo de Derechos Humanos",
        "ru": "Совет по правам человека", "zh": "人权理事会", "ar": "مجلس حقوق الإنسان",
    },
}  # fmt: skip
#: Organs whose names poa prints in every language (others are a translation unit, "body").
KNOWN_BODIES = frozenset(_BODIES)
# French and Spanish agree the distribution word with "distribution" (feminine).
_DISTRIBUTION = {
    "fr": {"general": "générale", "limited": "limitée", "restricted": "restreinte"},
    "es": {"general": "general", "limited": "limitada", "restricted": "reservada"},
}
_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}  # fmt: skip
# The language a version is in, printed above "Original:" on a translation's masthead.
_VERSION_NAME = {
    "fr": "Français",
    "es": "Español",
    "ru": "Russian",
    "zh": "Chinese",
    "ar": "Arabic",
}
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "distr": "Distr.:", "original": "Original:", "notes": "Notes",
        "consolidated": "Consolidated text", "awaiting": "Awaiting translation",
    },
    "fr": {
        "distr": "Distr.", "original": "Original :", "notes": "Notes",
        "consolidated": "Texte consolidé", "awaiting": "En attente de traduction",
    },
    "es": {
        "distr": "Distr.", "original": "Original:", "notes": "Notas",
        "consolidated": "Texto consolidado", "awaiting": "Pendiente de traducción",
    },
    "ru": {
        "distr": "Distr.:", "original": "Original:", "notes": "Примечания",
        "consolidated": "Сводный текст", "awaiting": "Ожидает перевода",
    },
    "zh": {
        "distr": "Distr.:", "original": "Original:", "notes": "注",
        "consolidated": "合并案文", "awaiting": "待翻译",
    },
    "ar": {
        "distr": "Distr.:", "original": "Original:", "notes": "الحواشي",
        "consolidated": "النص الموحد", "awaiting": "في انتظار الترجمة",
    },
}  # fmt: skip
# Arabic letters sub-paragraphs in the abjad order: (أ), (ب), (ج), (د), (هـ) …
_ABJAD = (
    "أ",
    "ب",
    "ج",
    "د",
    "هـ",
    "و",
    "ز",
    "ح",
    "ط",
    "ي",
    "ك",
    "ل",
    "م",
    "ن",
    "س",
    "ع",
    "ف",
    "ص",
    "ق",
    "ر",
    "ش",
    "ت",
    "ث",
    "خ",
    "ذ",
    "ض",
    "ظ",
    "غ",
)
# Arabic section numbers: أولا, ثانيا … (first, second …).
_AR_ORDINALS = (
    "أولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا", "ثامنا", "تاسعا", "عاشرا",
)  # fmt: skip
_ZH_NUMERALS = "一二三四五六七八九十"


def language_code(name: str) -> str | None:
    """Return the code of a language named in English ("English" → "en"), or None."""
    return _NAME_TO_CODE.get(name.strip().lower())


@dataclass(frozen=True)
class Locale:
    """The fixed words and conventions of a paper in one language, as the templates use them.

    ``dir`` is ``rtl`` for Arabic; ``number_suffix`` follows a paragraph number
    ("." or " -"); ``version`` is the language line of a translation's masthead
    ("Français"), empty on the original.
    """

    lang: str
    dir: str
    distr: str
    original: str
    version: str
    notes: str
    consolidated: str
    awaiting: str
    number_suffix: str
    section_suffix: str


def locale(lang: str, original: str = "en") -> Locale:
    """Return the Locale of *lang* (one of the six). Raises KeyError for another code."""
    words = _WORDS[lang]
    return Locale(
        lang=lang,
        dir="rtl" if lang in RTL else "ltr",
        distr=words["distr"],
        original=words["original"],
        version="" if lang == original else _VERSION_NAME.get(lang, ""),
        notes=words["notes"],
        consolidated=words["consolidated"],
        awaiting=words["awaiting"],
        number_suffix=" -" if lang == "ar" else ".",
        section_suffix=" -" if lang == "ar" else ".",
    )


def organization(lang: str) -> str:
    """Return "United Nations" in *lang*."""
    return _ORGANIZATION[lang]


def body(name: str, lang: str) -> str | None:
    """Return the organ *name* ("General Assembly") in *lang*, or None when poa does not know it."""
    if lang == "en":
        return name
    return _BODIES.get(name, {}).get(lang)


def distribution(value: str, lang: str) -> str:
    """Return the distribution word ("Limited") as printed in *lang* ("limitée")."""
    return _DISTRIBUTION.get(lang, {}).get(value.strip().lower(), value)


def original_name(original: str, lang: str) -> str:
    """Return the original language *original* (a code) named in *lang*'s masthead."""
    return LANGUAGE_NAMES.get(lang, LANGUAGE_NAMES["en"]).get(original, original)


def un_date(d: date | None, lang: str = "en") -> str:
    """Return *d* as the UN prints it in *lang*: "20 April 2026", "20 avril 2026",
    "20 de abril de 2026"; Arabic, Chinese and Russian mastheads keep the English date."""
    if d is None:
        return ""
    if lang == "es":
        return f"{d.day} de {_MONTHS['es'][d.month - 1]} de {d.year}"
    months = _MONTHS.get(lang, _MONTHS["en"])
    day = "1er" if lang == "fr" and d.day == 1 else str(d.day)
    return f"{day} {months[d.month - 1]} {d.year}"


def _roman(n: int) -> str:
    from poa_cli.domain.numbering import roman

    return roman(n)


def _letter(n: int) -> str:
    from poa_cli.domain.numbering import letter

    return letter(n)


def item_label(depth: int, n: int, lang: str = "en") -> str:
    """Return the label of the *n*-th (1-based) sub-paragraph at *depth* in *lang*.

    English (a), (i), a.; French, Spanish, Russian a), i), a.; Chinese (a), ㈠
    (then (十一) …), a.; Arabic (أ), ’1‘, a. (the order of the UN's texts).
    """
    if depth == 0:
        if lang == "ar":
            q, r = divmod(n - 1, len(_ABJAD))
            return f"({_ABJAD[r] * (q + 1)})"
        if lang in ("fr", "es", "ru"):
            return f"{_letter(n)})"
        return f"({_letter(n)})"
    if depth == 1:
        if lang == "ar":
            return f"\u2019{n}\u2018"
        if lang == "zh":
            return chr(0x321F + n) if n <= 10 else f"({chinese_number(n)})"
        if lang in ("fr", "es", "ru"):
            return f"{_roman(n).lower()})"
        return f"({_roman(n).lower()})"
    return f"{_letter(n)}."


def chinese_number(n: int) -> str:
    """Return *n* (1-99) in Chinese numerals: 一, 十一, 二十三."""
    if n <= 10:
        return _ZH_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _ZH_NUMERALS[tens - 1] + "十"
    return head + (_ZH_NUMERALS[ones - 1] if ones else "")


def section_label(n: int, lang: str = "en") -> str:
    """Return the number of the *n*-th headed section in *lang*: I, 一, أولا."""
    if lang == "zh" and n < 100:
        return chinese_number(n)
    if lang == "ar" and n <= len(_AR_ORDINALS):
        return _AR_ORDINALS[n - 1]
    return _roman(n)
