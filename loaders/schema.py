"""The curated YAML format: record kinds, their fields, and the RDF terms each maps to.

This table is the contract between curators (``data/README.md``), the loader and the ontology:
a test checks that every class and property named here is declared in ``ontology/soilkg.ttl``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from graph.namespaces import DCTERMS, EF, ORG, RDFS, SKOS, SOILKG


class FieldType(Enum):
    """How a YAML value is checked and turned into RDF."""

    TEXT = "a string"
    LANG_TEXT = "a mapping of language tag to string, e.g. {en: ...}"
    LANG_LIST = "a mapping of language tag to a list of strings, e.g. {en: [MAFF]}"
    STRINGS = "a list of strings"
    INTEGER = "a whole number"
    DECIMAL = "a number"
    YEAR = "a year between 1800 and 2100"
    BOOLEAN = "true or false"
    URL = "an http(s) URL"
    REF = "the id of a record"
    REFS = "a list of record ids"
    COUNTRY_CODE = "two capital letters, an ISO 3166-1 alpha-2 code"
    COUNTRY = "an ISO 3166-1 alpha-2 code of a country record, e.g. KH"
    COUNTRIES = "a list of ISO 3166-1 alpha-2 codes, e.g. [KH, LA]"
    TOPICS = "a list of topic ids from ontology/vocab/topics.ttl"
    CONCEPT = "one concept id from the vocabulary named in the field"
    NUMBERS = "a mapping of statistic name to number, e.g. {RMSE: 0.39}"
    STEPS = "a list of steps, each {from: id, to: id, channel: id}"
    SOURCES = "a list of sources, each {file: ..., section: ..., quote: ...}"
    SUPPLIED = "a mapping of field name to who supplied its value, e.g. {iso3166: ISO 3166-1}"


@dataclass(frozen=True)
class Field:
    """One YAML field: its type, the RDF predicate, and what it may point to."""

    type: FieldType
    predicate: str | None = None
    required: bool = False
    targets: tuple[str, ...] = ()  # record groups a REF/REFS may name; empty means any record
    vocabulary: str = ""  # for CONCEPT: the vocabulary file stem under ontology/vocab/
    recommended: bool = False


@dataclass(frozen=True)
class Group:
    """A family of record kinds sharing fields, e.g. every kind of organisation."""

    name: str
    kinds: dict[str, str]  # kind -> class local name in the soilkg namespace
    fields: dict[str, Field] = field(default_factory=dict)


ORGS, PROGRAMMES, POLICIES = "organisation", "programme", "policy"
AGENTS = (ORGS,)
ACTIVITIES = (PROGRAMMES, POLICIES)

COMMON: dict[str, Field] = {
    "id": Field(FieldType.TEXT, required=True),
    "kind": Field(FieldType.TEXT, required=True),
    "label": Field(FieldType.LANG_TEXT, SKOS.prefLabel, required=True),
    "acronyms": Field(FieldType.LANG_LIST, SOILKG.acronym),
    "alt_labels": Field(FieldType.LANG_LIST, SKOS.altLabel),
    "description": Field(FieldType.LANG_TEXT, DCTERMS.description, recommended=True),
    "sources": Field(FieldType.SOURCES, required=True),
    "supplied": Field(FieldType.SUPPLIED),
    "note": Field(FieldType.TEXT, RDFS.comment),
    "homepage": Field(FieldType.URL, SOILKG.homepage),
    "topics": Field(FieldType.TOPICS, DCTERMS.subject),
}

_PERIOD = {
    "start_year": Field(FieldType.YEAR, SOILKG.startYear),
    "end_year": Field(FieldType.YEAR, SOILKG.endYear),
    "status": Field(FieldType.TEXT, SOILKG.status),
}
_WHERE = {
    "country": Field(FieldType.COUNTRY, SOILKG.country),
    "countries": Field(FieldType.COUNTRIES, SOILKG.country),
}

GROUPS: tuple[Group, ...] = (
    Group(
        "country",
        {"country": "Country"},
        {"iso3166": Field(FieldType.COUNTRY_CODE, SOILKG.iso3166Code, required=True)},
    ),
    Group(
        "document",
        {"document": "SourceDocument"},
        {
            "file": Field(FieldType.TEXT, SOILKG.fileName, required=True),
            "year": Field(FieldType.YEAR, DCTERMS.issued),
        },
    ),
    Group(
        ORGS,
        {
            "government": "NationalGovernment",
            "ministry": "Ministry",
            "department": "Department",
            "agency": "GovernmentAgency",
            "local-office": "LocalGovernmentOffice",
            "research-institute": "ResearchInstitute",
            "university": "University",
            "international-organisation": "InternationalOrganisation",
            "cooperation-agency": "CooperationAgency",
            "network": "Network",
            "partnership": "Partnership",
            "company": "Company",
            "ngo": "NonGovernmentalOrganisation",
            "stakeholder-group": "StakeholderGroup",
        },
        {
            **_WHERE,
            "part_of": Field(FieldType.REF, ORG.subOrganizationOf, targets=AGENTS),
            "member_of": Field(FieldType.REFS, ORG.memberOf, targets=AGENTS),
            "merger_of": Field(FieldType.REFS, SOILKG.mergerOf, targets=AGENTS),
            "focal_point_for": Field(FieldType.REFS, SOILKG.focalPointFor),
            "collaborates_with": Field(FieldType.REFS, SOILKG.collaboratesWith, targets=AGENTS),
            "member_count": Field(FieldType.INTEGER, SOILKG.memberCount),
            "member_countries": Field(FieldType.COUNTRIES, SOILKG.memberCountry),
            **_PERIOD,
        },
    ),
    Group(
        PROGRAMMES,
        {
            "programme": "Programme",
            "project": "Project",
            "initiative": "Initiative",
            "incentive-scheme": "IncentiveScheme",
        },
        {
            **_WHERE,
            **_PERIOD,
            "led_by": Field(FieldType.REFS, SOILKG.ledBy, targets=AGENTS),
            "participants": Field(FieldType.REFS, SOILKG.hasParticipant, targets=AGENTS),
            "part_of": Field(FieldType.REF, DCTERMS.isPartOf, targets=ACTIVITIES),
            "implements": Field(FieldType.REFS, SOILKG.implementsPolicy, targets=ACTIVITIES),
            "sites": Field(FieldType.REFS, SOILKG.concernsSite, targets=("site",)),
            "locations": Field(FieldType.STRINGS, SOILKG.locationName),
        },
    ),
    Group(
        POLICIES,
        {
            "policy": "Policy",
            "strategy": "Strategy",
            "plan": "Plan",
            "law": "Law",
            "roadmap": "Roadmap",
            "action-programme": "ActionProgramme",
            "agreement": "InternationalAgreement",
            "commitment": "NationalCommitment",
        },
        {
            **_WHERE,
            **_PERIOD,
            "developed_by": Field(FieldType.REFS, SOILKG.developedBy, targets=AGENTS),
            "responsible": Field(FieldType.REFS, SOILKG.responsibleActor, targets=AGENTS),
            "aligned_with": Field(FieldType.REFS, SOILKG.alignedWith, targets=ACTIVITIES),
            "part_of": Field(FieldType.REF, DCTERMS.isPartOf, targets=ACTIVITIES),
        },
    ),
    Group(
        "target",
        {"target": "Target"},
        {
            "country": Field(FieldType.COUNTRY, SOILKG.country, recommended=True),
            "indicator": Field(FieldType.TEXT, SOILKG.indicator, required=True),
            "value": Field(FieldType.DECIMAL, SOILKG.targetValue, recommended=True),
            "unit": Field(FieldType.CONCEPT, SOILKG.unit, vocabulary="units"),
            "change": Field(FieldType.CONCEPT, SOILKG.changeType, vocabulary="change-types"),
            "comparator": Field(FieldType.CONCEPT, SOILKG.comparator, vocabulary="comparators"),
            "baseline_year": Field(FieldType.YEAR, SOILKG.baselineYear),
            "start_year": Field(FieldType.YEAR, SOILKG.startYear),
            "target_year": Field(FieldType.YEAR, SOILKG.targetYear, recommended=True),
            "condition": Field(FieldType.TEXT, SOILKG.condition),
            "number": Field(FieldType.INTEGER, SOILKG.numberInPolicy),
            "responsible": Field(FieldType.REFS, SOILKG.responsibleActor, targets=AGENTS),
            "policy": Field(FieldType.REF, SOILKG.statedIn, targets=ACTIVITIES, recommended=True),
        },
    ),
    Group(
        "site",
        {
            "research-station": "ResearchStation",
            "observatory": "Observatory",
            "experimental-site": "ExperimentalSite",
            "research-infrastructure": "ResearchInfrastructure",
        },
        {
            "country": Field(FieldType.COUNTRY, SOILKG.country, required=True),
            "operated_by": Field(FieldType.REFS, SOILKG.operatedBy, targets=AGENTS, recommended=True),
            "start_year": Field(FieldType.YEAR, SOILKG.startYear, recommended=True),
            "networks": Field(FieldType.REFS, EF.belongsTo, targets=AGENTS),
            "locations": Field(FieldType.STRINGS, SOILKG.locationName),
        },
    ),
    Group(
        "dataset",
        {"dataset": "Dataset", "soil-map": "SoilMap"},
        {
            **_WHERE,
            "sample_count": Field(FieldType.INTEGER, SOILKG.sampleCount),
            "sample_count_approximate": Field(FieldType.BOOLEAN, SOILKG.sampleCountApproximate),
            "sampling_period": Field(FieldType.TEXT, SOILKG.samplingPeriod),
            "soc_method": Field(FieldType.TEXT, SOILKG.socMethod),
            "bulk_density_method": Field(FieldType.TEXT, SOILKG.bulkDensityMethod),
            "mapping_method": Field(FieldType.TEXT, SOILKG.mappingMethod),
            "validation": Field(FieldType.NUMBERS, SOILKG.validationStatistic),
            "depth": Field(FieldType.TEXT, SOILKG.depthInterval),
            "data_source": Field(FieldType.TEXT, SOILKG.dataSourceDescription),
            "citation": Field(FieldType.TEXT, DCTERMS.bibliographicCitation),
            "data_holder": Field(FieldType.REFS, SOILKG.dataHolder, targets=AGENTS),
            "produced_by": Field(FieldType.REFS, SOILKG.producedBy, targets=AGENTS),
            "part_of": Field(FieldType.REF, DCTERMS.isPartOf, targets=("dataset",)),
            "compared_with": Field(FieldType.REFS, SOILKG.comparedWith, targets=("dataset",)),
            "status": Field(FieldType.TEXT, SOILKG.status),
        },
    ),
    Group(
        "flow",
        {"flow": "CommunicationFlow"},
        {
            "country": Field(FieldType.COUNTRY, SOILKG.country, required=True),
            "steps": Field(FieldType.STEPS, SOILKG.hasStep, required=True),
            "fed_by": Field(FieldType.REFS, SOILKG.fedBy, targets=AGENTS),
            "carries": Field(FieldType.TEXT, SOILKG.carries),
        },
    ),
    Group(
        "channel",
        {"channel": "Channel"},
        {**_WHERE, "operated_by": Field(FieldType.REFS, SOILKG.operatedBy, targets=AGENTS + (PROGRAMMES,))},
    ),
    Group(
        "support",
        {"support": "SupportRelation"},
        {
            "supporters": Field(FieldType.REFS, SOILKG.supporter, required=True, targets=AGENTS + (PROGRAMMES,)),
            "supported": Field(FieldType.REFS, SOILKG.supported, required=True),
            "support_type": Field(FieldType.CONCEPT, SOILKG.supportType, vocabulary="support-types"),
            "start_year": Field(FieldType.YEAR, SOILKG.startYear),
        },
    ),
    Group(
        "event",
        {"meeting": "Meeting", "workshop": "Workshop"},
        {
            **_WHERE,
            "start_year": Field(FieldType.YEAR, SOILKG.startYear, recommended=True),
            "end_year": Field(FieldType.YEAR, SOILKG.endYear),
            "date": Field(FieldType.TEXT, SOILKG.dateText),
            "locations": Field(FieldType.STRINGS, SOILKG.locationName),
            "organised_by": Field(FieldType.REFS, SOILKG.organisedBy, targets=AGENTS),
            "participants": Field(FieldType.REFS, SOILKG.hasParticipant, targets=AGENTS),
        },
    ),
    Group(
        "post",
        {"post": "Post"},
        {
            "organisation": Field(FieldType.REF, ORG.postIn, targets=AGENTS),  # or 'programme': a shape wants one
            "programme": Field(FieldType.REF, SOILKG.postInProgramme, targets=(PROGRAMMES,)),
            "holder": Field(FieldType.TEXT, SOILKG.holderName),
            **_WHERE,
        },
    ),
    Group(
        "statistic",
        {"statistic": "Statistic"},
        {
            **_WHERE,
            "measure": Field(FieldType.TEXT, SOILKG.measure, required=True),
            "value": Field(FieldType.DECIMAL, SOILKG.numericValue, required=True),
            "unit": Field(FieldType.CONCEPT, SOILKG.unit, vocabulary="units"),
            "comparator": Field(FieldType.CONCEPT, SOILKG.comparator, vocabulary="comparators"),
            "year": Field(FieldType.YEAR, SOILKG.referenceYear),
            "about": Field(FieldType.REFS, SOILKG.about),
        },
    ),
)

KIND_TO_GROUP: dict[str, Group] = {kind: g for g in GROUPS for kind in g.kinds}
GROUP_BY_NAME: dict[str, Group] = {g.name: g for g in GROUPS}


# Groups whose records are self-explanatory: a description is welcome there but not recommended.
SELF_DESCRIBED = frozenset({"country", "document", "statistic", "support", "post", "target"})


def fields_of(kind: str) -> dict[str, Field]:
    """All fields a record of ``kind`` may carry (common ones first)."""
    group = KIND_TO_GROUP[kind]
    if group.name in SELF_DESCRIBED:
        return {**COMMON, "description": Field(FieldType.LANG_TEXT, DCTERMS.description), **group.fields}
    return {**COMMON, **group.fields}


def class_of(kind: str) -> str:
    """The IRI of the ontology class for a record kind."""
    return str(SOILKG[KIND_TO_GROUP[kind].kinds[kind]])


# The keys of one step of a flow, and the predicate each maps to.
STEP_FIELDS = {"from": SOILKG.stepFrom, "to": SOILKG.stepTo, "channel": SOILKG.channel, "note": RDFS.comment}
