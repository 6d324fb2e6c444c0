"""The proposers registry: the shipped UN list, resolution of what delegates type."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poa_cli.domain.proposers import (
    CODE_RE,
    DATA_FILE,
    Proposer,
    Registry,
    attribution,
    default_registry,
    fold,
)
from poa_cli.errors import Conflict, PoaError, SchemaError, UnknownProposer
from poa_cli.storage import yamlio

from .conftest import examples

REGISTRY = default_registry()
EVERYONE = list(REGISTRY)
MEMBER_STATES = [p for p in EVERYONE if p.kind == "member-state"]
OBSERVERS = [p for p in EVERYONE if p.kind == "observer-state"]
GROUPS = [p for p in EVERYONE if p.is_group]


def raw_entries() -> list[dict[str, object]]:
    data = yamlio.load(DATA_FILE)
    assert data["schema"] == "poa/proposers/1"
    entries: list[dict[str, object]] = data["proposers"]
    return entries


# --- the shipped data -------------------------------------------------------


def test_data_file_is_plain_small_yaml_with_a_header() -> None:
    text = DATA_FILE.read_text(encoding="utf-8")
    assert text.startswith("#")
    assert "UNTERM" in text.split("schema:")[0]
    assert len(text.encode()) < yamlio.MAX_BYTES
    # No anchors or aliases: every value is a plain or double-quoted scalar.
    for line in text.splitlines():
        assert not re.match(r"^\s*(-\s+|[\w-]+:\s+)[&*]", line), line


def test_193_member_states_with_unique_iso3_codes() -> None:
    assert len(MEMBER_STATES) == 193
    codes = [p.code for p in MEMBER_STATES]
    assert len(set(codes)) == 193
    assert all(len(c) == 3 and c.isalpha() and c.isupper() for c in codes)


def test_two_observer_states() -> None:
    assert sorted((p.code, p.name) for p in OBSERVERS) == [
        ("PSE", "State of Palestine"),
        ("VAT", "Holy See"),
    ]
    assert all(p.is_state and not p.is_stakeholder for p in OBSERVERS)


def test_european_union_speaks_for_its_27_member_states() -> None:
    eu = REGISTRY.get("EU")
    assert eu is not None
    assert eu.name == "European Union"
    assert eu.kind == "organization"
    assert not eu.is_state
    assert eu.is_group
    assert len(eu.members) == 27
    assert {"DNK", "DEU", "FRA", "NLD", "HRV"} <= set(eu.members)
    assert "GBR" not in eu.members
    assert REGISTRY.resolve("European Union and its member States") is eu


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("TUR", "Türkiye"),
        ("RUS", "Russian Federation"),
        ("GBR", "United Kingdom of Great Britain and Northern Ireland"),
        ("NLD", "Netherlands (Kingdom of the)"),
        ("CIV", "Côte d'Ivoire"),
        ("VNM", "Viet Nam"),
        ("IRN", "Iran (Islamic Republic of)"),
        ("BOL", "Bolivia (Plurinational State of)"),
        ("VEN", "Venezuela (Bolivarian Republic of)"),
        ("KOR", "Republic of Korea"),
        ("PRK", "Democratic People's Republic of Korea"),
        ("LAO", "Lao People's Democratic Republic"),
        ("FSM", "Micronesia (Federated States of)"),
        ("SYR", "Syrian Arab Republic"),
        ("TZA", "United Republic of Tanzania"),
        ("MDA", "Republic of Moldova"),
        ("CZE", "Czechia"),
        ("MKD", "North Macedonia"),
        ("SWZ", "Eswatini"),
        ("CPV", "Cabo Verde"),
        ("TLS", "Timor-Leste"),
        ("USA", "United States of America"),
        ("COD", "Democratic Republic of the Congo"),
        ("COG", "Congo"),
        ("DEU", "Germany"),
        ("DNK", "Denmark"),
    ],
)
def test_un_short_names(code: str, name: str) -> None:
    p = REGISTRY.get(code)
    assert p is not None
    assert p.name == name
    assert p.kind == "member-state"
    assert REGISTRY.name(code) == name


def test_every_code_matches_the_pattern() -> None:
    for p in EVERYONE:
        assert CODE_RE.match(p.code), p.code


def test_every_state_has_an_iso_alpha2_code_as_an_alias() -> None:
    for p in MEMBER_STATES + OBSERVERS:
        assert any(len(a) == 2 and a.isupper() for a in p.aliases), p.code


ISO_3166 = json.loads((Path(__file__).parent / "data" / "iso_3166-1.json").read_text("utf-8"))
ALPHA2_OF = {c["alpha_3"]: c["alpha_2"] for c in ISO_3166["3166-1"]}


def test_every_state_code_and_alpha2_alias_is_iso_3166() -> None:
    """Every State against an independent ISO 3166-1 table (Debian's iso-codes)."""
    assert len(ALPHA2_OF) == 249  # the table itself is whole
    for p in MEMBER_STATES + OBSERVERS:
        assert p.code in ALPHA2_OF, f"{p.code} ({p.name}) is not an ISO 3166-1 alpha-3 code"
        assert ALPHA2_OF[p.code] in p.aliases, (p.code, p.name, p.aliases)
        assert REGISTRY.resolve(ALPHA2_OF[p.code]) is p


def test_no_alias_is_another_states_iso_code() -> None:
    iso = {code: alpha3 for alpha3, a2 in ALPHA2_OF.items() for code in (alpha3, a2)}
    for p in EVERYONE:
        for alias in p.aliases:
            if alias in iso:
                assert iso[alias] == p.code, f"{p.code} has {alias}, the ISO code of {iso[alias]}"


@pytest.mark.parametrize(
    ("alpha2", "code"),
    [("DK", "DNK"), ("GB", "GBR"), ("US", "USA"), ("TR", "TUR"), ("VA", "VAT"), ("PS", "PSE")],
)
def test_alpha2_codes(alpha2: str, code: str) -> None:
    p = REGISTRY.get(code)
    assert p is not None
    assert alpha2 in p.aliases
    assert REGISTRY.resolve(alpha2) is p


def test_no_name_or_alias_names_two_proposers() -> None:
    """Check the raw file, independently of Registry's own guard."""
    owners: dict[str, set[str]] = {}
    for entry in raw_entries():
        code = str(entry["code"])
        aliases = entry.get("aliases", [])
        assert isinstance(aliases, list)
        terms = [code, str(entry["name"]), *(str(a) for a in aliases)]
        for term in terms:
            owners.setdefault(fold(term), set()).add(code)
    clashes = {key: codes for key, codes in owners.items() if len(codes) > 1}
    assert clashes == {}


def test_no_entry_repeats_an_alias() -> None:
    for p in EVERYONE:
        folded = [fold(t) for t in (p.code, p.name, *p.aliases)]
        assert len(folded) == len(set(folded)), (p.code, Counter(folded).most_common(2))


def test_group_members_are_known_states() -> None:
    states = {p.code for p in MEMBER_STATES}
    for g in GROUPS:
        extra = set(g.members) - states
        if g.code == "ARAB":
            # The State of Palestine is a member of the League of Arab States.
            assert extra == {"PSE"}
        else:
            assert extra == set(), g.code
        assert len(set(g.members)) == len(g.members), g.code


@pytest.mark.parametrize(
    ("code", "count"),
    [
        ("AFRICAN", 54),
        ("ARAB", 22),
        ("EEG", 23),
        ("GRULAC", 33),
        ("WEOG", 29),
        ("CARICOM", 14),
        ("EU", 27),
    ],
)
def test_group_sizes(code: str, count: int) -> None:
    g = REGISTRY.get(code)
    assert g is not None
    assert len(g.members) == count


def test_regional_groups_cover_every_member_state_once() -> None:
    counted: Counter[str] = Counter()
    for code in ("AFRICAN", "APG", "EEG", "GRULAC", "WEOG"):
        group = REGISTRY.get(code)
        assert group is not None
        counted.update(group.members)
    assert set(counted) == {p.code for p in MEMBER_STATES}
    assert set(counted.values()) == {1}


def test_named_groups_are_present() -> None:
    for code, name in [
        ("G77", "Group of 77 and China"),
        ("NONALIGNED", "Movement of Non-Aligned Countries"),
        ("AFRICAN", "African Group"),
        ("ARAB", "Arab Group"),
        ("GRULAC", "Group of Latin American and Caribbean States"),
        ("WEOG", "Western European and other States"),
        ("APG", "Asia-Pacific Group"),
        ("EEG", "Eastern European Group"),
        ("CARICOM", "Caribbean Community"),
        ("ASEAN", "Association of Southeast Asian Nations"),
        ("PIF", "Pacific Islands Forum"),
        ("LDC", "Group of Least Developed Countries"),
        ("AOSIS", "Alliance of Small Island States"),
    ]:
        g = REGISTRY.get(code)
        assert g is not None, code
        assert g.name == name
        assert g.kind == "group"
        assert not g.is_state
    assert REGISTRY.resolve("SIDS").code == "AOSIS"
    assert REGISTRY.resolve("G-77").code == "G77"
    assert REGISTRY.resolve("Non-Aligned Movement").code == "NONALIGNED"
    assert REGISTRY.resolve("NAM").code == "NAM"  # Namibia's ISO code, not the Movement


# --- resolving what delegates type -----------------------------------------


@pytest.mark.parametrize("query", ["dnk", "DNK", "Denmark", "denmark", "DK", "dk", "  Denmark\t"])
def test_denmark_resolves_however_it_is_typed(query: str) -> None:
    assert REGISTRY.resolve(query).code == "DNK"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Turkey", "TUR"),
        ("turkiye", "TUR"),
        ("Türkiye", "TUR"),
        ("TÜRKIYE", "TUR"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("United Kingdom", "GBR"),
        ("GB", "GBR"),
        ("USA", "USA"),
        ("US", "USA"),
        ("U.S.", "USA"),
        ("United States", "USA"),
        ("Russia", "RUS"),
        ("Iran", "IRN"),
        ("Iran, Islamic Republic of", "IRN"),
        ("South Korea", "KOR"),
        ("North Korea", "PRK"),
        ("DPRK", "PRK"),
        ("Laos", "LAO"),
        ("Ivory Coast", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d\u2019Ivoire", "CIV"),
        ("Vietnam", "VNM"),
        ("Syria", "SYR"),
        ("Tanzania", "TZA"),
        ("Moldova", "MDA"),
        ("Czech Republic", "CZE"),
        ("Macedonia", "MKD"),
        ("Swaziland", "SWZ"),
        ("Cape Verde", "CPV"),
        ("East Timor", "TLS"),
        ("Timor Leste", "TLS"),
        ("Holland", "NLD"),
        ("the Netherlands", "NLD"),
        ("Netherlands", "NLD"),
        ("Bolivia", "BOL"),
        ("Venezuela", "VEN"),
        ("Vatican", "VAT"),
        ("Holy See", "VAT"),
        ("Palestine", "PSE"),
        ("Micronesia", "FSM"),
        ("Brunei", "BRN"),
        ("Burma", "MMR"),
        ("DRC", "COD"),
        ("St. Lucia", "LCA"),
        ("Saint Kitts & Nevis", "KNA"),
        ("Guinea Bissau", "GNB"),
        ("The Gambia", "GMB"),
        ("Sao Tome and Principe", "STP"),
        ("São Tomé and Príncipe", "STP"),
        ("EU", "EU"),
        ("eu", "EU"),
        ("group of 77 and china", "G77"),
    ],
)
def test_common_names_resolve(query: str, code: str) -> None:
    assert REGISTRY.resolve(query).code == code


def test_near_miss_names_the_state_in_the_hint() -> None:
    with pytest.raises(UnknownProposer) as info:
        REGISTRY.resolve("Denmrk")
    assert info.value.message == "unknown State or group 'Denmrk'"
    assert info.value.hint == "did you mean Denmark (DNK)?"
    assert "Denmark (DNK)" in info.value.one_line()


def test_near_miss_may_offer_several() -> None:
    with pytest.raises(UnknownProposer) as info:
        REGISTRY.resolve("Korea")
    assert info.value.hint == (
        "did you mean Democratic People's Republic of Korea (PRK) or Republic of Korea (KOR)?"
    )


@pytest.mark.parametrize("query", ["zzqqxxjj", "Atlantis", "X"])
def test_nonsense_raises_without_hint(query: str) -> None:
    with pytest.raises(UnknownProposer) as info:
        REGISTRY.resolve(query)
    assert info.value.hint is None
    assert query in info.value.message


def test_empty_query_raises() -> None:
    with pytest.raises(UnknownProposer) as info:
        REGISTRY.resolve("   ")
    assert info.value.message == "no State or group given"
    assert info.value.hint == "name one, e.g. DNK or Denmark"


def test_an_unknown_name_is_quoted_as_typed_with_its_spaces_tidied() -> None:
    with pytest.raises(UnknownProposer) as info:
        REGISTRY.resolve("  Republic of\tAtlantis ")
    assert info.value.message == "unknown State or group 'Republic of Atlantis'"


def test_a_word_shared_by_a_few_names_offers_them_all() -> None:
    with pytest.raises(UnknownProposer) as info:
        REGISTRY.resolve("Saint")
    assert info.value.hint == (
        "did you mean Saint Kitts and Nevis (KNA), Saint Lucia (LCA)"
        " or Saint Vincent and the Grenadines (VCT)?"
    )


def test_a_word_shared_by_many_names_offers_none() -> None:
    # "Republic" is in some twenty names: offering three of them would mislead.
    with pytest.raises(UnknownProposer) as info:
        REGISTRY.resolve("Republic")
    assert info.value.hint is None


@pytest.mark.parametrize(
    ("query", "hint"),
    [("Faso", "Burkina Faso (BFA)"), ("Rica", "Costa Rica (CRI)"), ("Lanka", "Sri Lanka (LKA)")],
)
def test_a_short_word_of_a_name_is_enough_for_a_hint(query: str, hint: str) -> None:
    with pytest.raises(UnknownProposer) as info:
        REGISTRY.resolve(query)
    assert info.value.hint == f"did you mean {hint}?"


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        ("Ekuador", "did you mean Ecuador (ECU)?"),  # a typo well inside the cut-off
        ("Austraila", "did you mean Australia (AUS)?"),  # not Austria, a clearly worse match
        ("Nigerai", "did you mean Nigeria (NGA) or Niger (NER)?"),  # two about as close
    ],
)
def test_a_typo_is_offered_the_closest_names_only(query: str, hint: str) -> None:
    with pytest.raises(UnknownProposer) as info:
        REGISTRY.resolve(query)
    assert info.value.hint == hint


def test_get_is_exact() -> None:
    assert REGISTRY.get("DNK") is REGISTRY.resolve("Denmark")
    assert REGISTRY.get("dnk") is None
    assert REGISTRY.get("Denmark") is None


def test_name_of_unknown_code_is_the_code() -> None:
    assert REGISTRY.name("ZZZ") == "ZZZ"
    assert REGISTRY.name("TUR") == "Türkiye"


def test_container_protocol() -> None:
    assert "DNK" in REGISTRY
    assert "dnk" not in REGISTRY
    assert 42 not in REGISTRY
    assert len(REGISTRY) == len(EVERYONE) == 193 + 2 + 1 + len(GROUPS) - 1


def test_default_registry_is_built_once() -> None:
    assert default_registry() is default_registry()


# --- search and order -------------------------------------------------------


def test_empty_search_lists_everyone_in_order() -> None:
    everyone = REGISTRY.search("")
    assert everyone == EVERYONE
    kinds = [p.kind for p in everyone]
    assert kinds == sorted(
        kinds, key=["member-state", "observer-state", "organization", "group"].index
    )
    names = [fold(p.name) for p in everyone if p.kind == "member-state"]
    assert names == sorted(names)
    assert everyone[0].name == "Afghanistan"
    assert everyone[192].name == "Zimbabwe"


def test_search_is_case_and_accent_insensitive() -> None:
    codes = [p.code for p in REGISTRY.search("guinea")]
    assert codes == ["GNQ", "GIN", "GNB", "PNG"]
    assert [p.code for p in REGISTRY.search("TURK")] == ["TUR", "TKM"]
    assert [p.code for p in REGISTRY.search("côte")] == ["CIV"]
    assert [p.code for p in REGISTRY.search("dnk")] == ["DNK"]
    assert REGISTRY.search("zzqqxx") == []


# --- stakeholders -----------------------------------------------------------


def test_stakeholders_resolve_by_code_and_name() -> None:
    reg = Registry.load(
        [
            ("ICRC", "International Committee of the Red Cross", "civil-society"),
            ("MSFT", "Microsoft", "private-sector"),
        ]
    )
    icrc = reg.resolve("icrc")
    assert icrc is reg.resolve("International Committee of the Red Cross")
    assert icrc.is_stakeholder
    assert not icrc.is_state
    assert icrc.community == "civil-society"
    assert reg.resolve("microsoft").code == "MSFT"
    assert list(reg)[-2:] == [icrc, reg.get("MSFT")]
    assert reg.search("red cross") == [icrc]
    assert reg.search("soft") == [reg.get("MSFT")]
    assert len(reg) == len(REGISTRY) + 2
    assert "ICRC" not in REGISTRY  # the shared registry is untouched


def test_stakeholder_clashing_with_a_state_is_refused() -> None:
    with pytest.raises(Conflict, match="two proposers have the code 'DNK'"):
        Registry.load([("DNK", "Danish Institute", "academia")])
    with pytest.raises(
        Conflict, match=r"'Denmark' would name both Denmark \(DNK\) and Denmark \(DANI\)"
    ):
        Registry.load([("DANI", "Denmark", "academia")])


@pytest.mark.parametrize(
    ("stakeholder", "message"),
    [
        (
            ("icrc", "ICRC", "civil-society"),
            "stakeholder code 'icrc' must be 2-16 capital letters or digits, starting with a letter",
        ),
        (
            ("ICRC", "ICRC", "press"),
            "stakeholder ICRC: community 'press' is not one of civil-society, private-sector, "
            "academia, technical-community",
        ),
        (("ICRC", " ", "academia"), "stakeholder ICRC has no name"),
    ],
)
def test_bad_stakeholder_is_refused(stakeholder: tuple[str, str, str], message: str) -> None:
    with pytest.raises(PoaError) as caught:
        Registry.load([stakeholder])
    assert type(caught.value) is PoaError  # a bad entry, not a conflict or an unknown name
    assert caught.value.message == message


# --- a broken data file ------------------------------------------------------


DNK_ENTRY = "  - code: DNK\n    name: Denmark\n    kind: member-state\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("schema: poa/other/1\nproposers: []\n", "not a proposers file: expected schema: poa/proposers/1"),
        ("- schema: poa/proposers/1\n", "not a proposers file: expected schema: poa/proposers/1"),
        ("schema: poa/proposers/1\nproposers: {}\n", "'proposers' must be a list"),
        ("schema: poa/proposers/1\nproposers:\n  - DNK\n", "proposer #1 is not a mapping"),
        ("schema: poa/proposers/1\nproposers:\n" + DNK_ENTRY + "  - code: dnk\n    name: Denmark\n    kind: member-state\n",
         "proposer #2: code 'dnk' does not match " + CODE_RE.pattern),
        ("schema: poa/proposers/1\nproposers:\n  - name: Denmark\n    kind: member-state\n",
         "proposer #1: code None does not match " + CODE_RE.pattern),
        ("schema: poa/proposers/1\nproposers:\n  - code: DNK\n    name: ' '\n    kind: member-state\n",
         "DNK: name must be a non-empty string"),
        ("schema: poa/proposers/1\nproposers:\n  - code: DNK\n    kind: member-state\n",
         "DNK: name must be a non-empty string"),
        ("schema: poa/proposers/1\nproposers:\n  - code: DNK\n    name: Denmark\n    kind: country\n",
         "DNK: kind 'country' is not one of group, member-state, observer-state, organization"),
        ("schema: poa/proposers/1\nproposers:\n" + DNK_ENTRY + "    flag: red\n    colour: white\n",
         "DNK: unknown keys colour, flag"),
        ("schema: poa/proposers/1\nproposers:\n" + DNK_ENTRY + "    aliases: DK\n",
         "DNK: aliases must be a list of non-empty strings"),
        ("schema: poa/proposers/1\nproposers:\n" + DNK_ENTRY + "    aliases: [DK, ' ']\n",
         "DNK: aliases must be a list of non-empty strings"),
        ("schema: poa/proposers/1\nproposers:\n" + DNK_ENTRY + "    members: [1]\n",
         "DNK: members must be a list of non-empty strings"),
        ("schema: poa/proposers/1\nproposers:\n" + DNK_ENTRY + "  - code: NORDIC\n    name: Nordic\n"
         "    kind: group\n    members: [DNK, SWE, FIN]\n",
         "NORDIC: members SWE, FIN are not States in this file"),
    ],
)  # fmt: skip
def test_malformed_data_file_is_a_schema_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "proposers.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        Registry.load(path=path)
    assert info.value.path == path
    assert info.value.message == message


def test_a_data_file_of_ones_own_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "proposers.yaml"
    path.write_text(
        "schema: poa/proposers/1\nproposers:\n" + DNK_ENTRY + "    aliases: [DK, '-', Danmark]\n"
        "  - code: VAT\n    name: Holy See\n    kind: observer-state\n"
        "  - code: NORDIC\n    name: Nordic Group\n    kind: group\n    members: [DNK]\n",
        encoding="utf-8",
    )
    reg = Registry.load(path=path)
    assert [(p.code, p.name, p.kind, p.aliases, p.members) for p in reg] == [
        ("DNK", "Denmark", "member-state", ("DK", "-", "Danmark"), ()),
        ("VAT", "Holy See", "observer-state", (), ()),
        ("NORDIC", "Nordic Group", "group", (), ("DNK",)),
    ]
    # an alias of punctuation alone names nothing, and hides no alias after it
    assert reg.resolve("danmark").code == "DNK"
    with pytest.raises(UnknownProposer):
        reg.resolve("-")


def test_attribution_as_listings_say_it() -> None:
    assert (
        attribution(["Egypt", "Kenya"], "African Group")
        == "Egypt, Kenya on behalf of African Group"
    )
    assert attribution(iter(["Denmark"])) == "Denmark"
    assert attribution(["Denmark", "Estonia"], None) == "Denmark, Estonia"


def test_the_shipped_yaml_reads_as_the_registry_poa_uses() -> None:
    # poa reads the JSON copy; the YAML people edit must give the very same proposers.
    assert list(Registry.load(path=DATA_FILE)) == list(REGISTRY)


def test_registry_refuses_shared_names() -> None:
    with pytest.raises(Conflict) as info:
        Registry(
            [
                Proposer("AAA", "Alpha", "member-state", aliases=("Common",)),
                Proposer("BBB", "Beta", "member-state", aliases=("common",)),
            ]
        )
    assert info.value.message == "'common' would name both Alpha (AAA) and Beta (BBB)"
    assert info.value.hint == "give one of them another code, name or alias"


# --- properties ---------------------------------------------------------------


def test_every_proposer_resolves_by_name_and_code() -> None:
    for p in EVERYONE:
        assert REGISTRY.resolve(p.name) is p
        assert REGISTRY.resolve(p.code.lower()) is p
        for alias in p.aliases:
            assert REGISTRY.resolve(alias) is p


def _recase(text: str, flips: list[bool]) -> str:
    return "".join(c.swapcase() if flips[i % len(flips)] else c for i, c in enumerate(text))


@settings(max_examples=examples(300), deadline=None)
@given(
    p=st.sampled_from(EVERYONE),
    flips=st.lists(st.booleans(), min_size=1, max_size=8),
    pad=st.sampled_from(["", " ", "\t", "  \n"]),
)
def test_resolution_ignores_case_and_padding(p: Proposer, flips: list[bool], pad: str) -> None:
    assert REGISTRY.resolve(p.name) is p
    assert REGISTRY.resolve(p.code.lower()) is p
    assert REGISTRY.resolve(pad + _recase(p.name, flips) + pad) is p
    assert REGISTRY.resolve(pad + _recase(p.code, flips) + pad) is p


@settings(max_examples=examples(200), deadline=None)
@given(st.text(max_size=30))
def test_resolve_either_finds_or_raises_unknown_proposer(query: str) -> None:
    try:
        found = REGISTRY.resolve(query)
    except UnknownProposer as exc:
        if fold(query):
            assert exc.hint is None or exc.hint.startswith("did you mean ")
        else:
            assert exc.message == "no State or group given"
    else:
        assert found in EVERYONE


def test_the_json_copy_is_the_yaml_data() -> None:
    """poa reads data/proposers.json (fast); people edit data/proposers.yaml.

    If this fails after editing the YAML, run: .venv/bin/python -m poa_cli.domain.proposers
    """
    import json

    from poa_cli.domain import proposers
    from poa_cli.storage import yamlio

    assert json.loads(proposers.JSON_FILE.read_text(encoding="utf-8")) == yamlio.load(
        proposers.DATA_FILE
    )


def test_the_json_copy_reads_as_the_registry() -> None:
    from poa_cli.domain import proposers

    assert list(Registry.load(path=proposers.JSON_FILE)) == list(Registry.load(path=DATA_FILE))


def test_regenerating_the_json_copy_gives_the_committed_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -m poa_cli.domain.proposers` after an edit of the YAML: one compact
    UTF-8 line (names as written, "Türkiye"), so the committed copy diffs cleanly."""
    from poa_cli.domain import proposers

    committed = proposers.JSON_FILE.read_bytes()
    monkeypatch.setattr(proposers, "JSON_FILE", tmp_path / "proposers.json")
    assert proposers.write_json() == tmp_path / "proposers.json"
    written = (tmp_path / "proposers.json").read_bytes()
    assert written == committed
    assert "Türkiye".encode() in written
    assert written.count(b"\n") == 1
