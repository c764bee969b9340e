"""Check curated records against the schema and turn them into RDF quads.

Checking and conversion are one pass: each field's converter returns RDF terms or records an error
at the field's line and column. All errors of a run are collected; any error rejects the run.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from graph.namespaces import SOILKG, Iris
from loaders.errors import LoaderError
from loaders.schema import KIND_TO_GROUP, STEP_FIELDS, Field, FieldType, class_of, fields_of
from loaders.yaml_source import Mark, Marked, MarkedList, mark_of

STEP_ACTORS = ("organisation", "post")  # what a flow step may start from or lead to
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LANG_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
COUNTRY_PATTERN = re.compile(r"^[A-Z]{2}$")
YEAR_RANGE = range(1800, 2101)

Quad = tuple[URIRef, URIRef, Any, URIRef]


@dataclass
class Located:
    """A record together with the file it came from."""

    path: str
    data: Marked

    @property
    def mark(self) -> Mark:
        return self.data.mark


@dataclass
class Registry:
    """What the first pass learns about all records: ids, kinds, countries, documents."""

    records: dict[str, Located] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)  # ISO code -> record id
    documents: dict[str, str] = field(default_factory=dict)  # file name -> record id

    def group_of(self, record_id: str) -> str:
        return KIND_TO_GROUP[self.records[record_id].data["kind"]].name


class Compiler:
    """Turns located records into quads, collecting every error on the way."""

    def __init__(self, iris: Iris, vocabularies: dict[str, frozenset[str]], texts: dict[str, str] | None = None):
        """``texts`` maps source file names to their whitespace-folded text; given, every quote is checked."""
        self.iris, self.vocabularies, self.texts = iris, vocabularies, texts
        self.errors: list[LoaderError] = []
        self.registry = Registry()
        self._casefolded: dict[str, str] = {}

    # --- errors -------------------------------------------------------------------------------------
    def error(self, path: str, mark: Mark, message: str, hint: str = "") -> None:
        self.errors.append(LoaderError(path, mark.line, mark.column, message, hint))

    # --- pass 1: ids, kinds, countries, documents ---------------------------------------------------
    def register(self, path: str, data: Marked) -> None:
        """Record the identity of one record, reporting bad ids, kinds and duplicates."""
        record_id, kind = data.get("id"), data.get("kind")
        if not isinstance(record_id, str) or not ID_PATTERN.match(record_id):
            where = data.value_marks.get("id", data.mark)
            self.error(path, where, f"'id' expects lowercase words joined by hyphens (e.g. kh-maff), got {record_id!r}")
            return
        if kind not in KIND_TO_GROUP:
            where = data.value_marks.get("kind", data.mark)
            self.error(path, where, f"'kind' expects one of the record kinds, got {kind!r}",
                       _did_you_mean(kind, KIND_TO_GROUP) or "kinds are listed in data/README.md")
            return
        if record_id in self.registry.records:
            first = self.registry.records[record_id]
            self.error(path, data.value_marks["id"], f"duplicate id '{record_id}'",
                       f"first defined at {first.path}:{first.mark.line}")
            return
        self.registry.records[record_id] = Located(path, data)
        if kind == "country" and isinstance(data.get("iso3166"), str):
            if record_id != f"country-{data['iso3166'].lower()}":
                self.error(path, data.value_marks["id"], f"a country's id must be 'country-' and its code in lowercase, "
                           f"got '{record_id}' for {data['iso3166']}", f"write id: country-{data['iso3166'].lower()}")
            self.registry.countries[data["iso3166"]] = record_id
        if kind == "document" and isinstance(data.get("file"), str):
            self.registry.documents[data["file"]] = record_id

    # --- pass 2: fields -> quads --------------------------------------------------------------------
    def compile(self) -> list[Quad]:
        """Check every registered record and return the quads of all of them."""
        quads: list[Quad] = []
        for record_id, located in self.registry.records.items():
            quads.extend(self._record(record_id, located))
        return quads

    def _record(self, record_id: str, located: Located) -> list[Quad]:
        data, path = located.data, located.path
        kind = data["kind"]
        allowed = fields_of(kind)
        subject = self.iris.entity(record_id)
        triples: list[tuple] = [(subject, RDF.type, URIRef(class_of(kind)))]
        for name, spec in allowed.items():
            if spec.required and name not in data:
                self.error(path, data.mark, f"record '{record_id}' ({kind}) is missing required field '{name}'",
                           f"add '{name}:' ({spec.type.value})")
        for name, value in data.items():
            where = data.value_marks[name]
            if name not in allowed:
                self.error(path, data.key_marks[name], f"unknown field '{name}' for a record of kind '{kind}'",
                           _did_you_mean(name, allowed) or f"fields of '{kind}': {', '.join(sorted(allowed))}")
                continue
            if name in ("id", "kind"):
                continue
            triples.extend(self._field(record_id, subject, name, allowed[name], value, path, where))
        graph = self._graph_of(data)
        quads = [(s, p, o, graph) for (s, p, o) in triples] if graph is not None else []
        if kind == "document" and graph is not None:  # provenance of the document's named graph
            own = self.iris.graph(record_id)
            quads.append((own, PROV.wasDerivedFrom, subject, own))
        return quads

    def _graph_of(self, data: Marked) -> URIRef | None:
        """The named graph of a record: that of the first document it cites (all are linked with PROV)."""
        for source in data.get("sources") or []:
            if isinstance(source, dict) and source.get("file") in self.registry.documents:
                return self.iris.graph(self.registry.documents[source["file"]])
        return None

    def _field(self, record_id, subject, name, spec: Field, value, path, where) -> list[tuple]:
        handler = getattr(self, f"_f_{spec.type.name.lower()}")
        return handler(record_id, subject, name, spec, value, path, where) or []

    # --- one method per field type (named _f_<type>) ------------------------------------------------
    def _expect(self, ok: bool, path, where, name, spec: Field, value) -> bool:
        if not ok:
            self.error(path, where, f"'{name}' expects {spec.type.value}, got {_show(value)}")
        return ok

    def _f_text(self, rid, s, name, spec, value, path, where):
        if self._expect(isinstance(value, str) and value.strip() != "", path, where, name, spec, value):
            return [(s, spec.predicate, Literal(value.strip()))] if spec.predicate else []
        return []

    def _f_country_code(self, rid, s, name, spec, value, path, where):
        if self._expect(isinstance(value, str) and bool(COUNTRY_PATTERN.match(value)), path, where, name, spec, value):
            return [(s, spec.predicate, Literal(value))]
        return []

    def _f_strings(self, rid, s, name, spec, value, path, where):
        if self._expect(isinstance(value, list) and all(isinstance(v, str) and v for v in value),
                        path, where, name, spec, value):
            return [(s, spec.predicate, Literal(v)) for v in value]
        return []

    def _lang_items(self, name, spec, value, path, where, many: bool):
        ok = isinstance(value, dict) and all(
            isinstance(k, str) and (isinstance(v, list) and all(isinstance(x, str) and x for x in v) if many
                                    else isinstance(v, str) and v.strip())
            for k, v in value.items())
        if not self._expect(ok and bool(value), path, where, name, spec, value):
            return []
        items = []
        for lang, v in value.items():
            if not LANG_PATTERN.match(lang):
                self.error(path, value.value_marks.get(lang, where), f"'{name}' has a bad language tag {lang!r}",
                           "use BCP 47 tags such as en, km, lo, vi, th")
                continue
            items.extend((lang, x) for x in (v if many else [v.strip()]))
        return items

    def _f_lang_text(self, rid, s, name, spec, value, path, where):
        items = self._lang_items(name, spec, value, path, where, many=False)
        if name == "label" and isinstance(value, dict) and "en" not in value:
            self.error(path, where, "'label' needs an English name under 'en'")
        english = value.get("en") if isinstance(value, Marked) else None
        if name == "label" and isinstance(english, str) and ("en", english.strip()) in items:
            self._check_label(rid, english.strip(), path, value.value_marks.get("en", where))
        extra = [(s, RDFS.label, Literal(v, lang=lang)) for lang, v in items] if name == "label" else []
        return [(s, spec.predicate, Literal(v, lang=lang)) for lang, v in items] + extra

    def _f_lang_list(self, rid, s, name, spec, value, path, where):
        items = self._lang_items(name, spec, value, path, where, many=True)
        label = self.registry.records[rid].data.get("label")
        for lang, text in items:
            if isinstance(label, dict) and isinstance(label.get(lang), str) and label[lang].strip() == text.strip():
                names = value[lang]
                at = names.item_marks[names.index(text)] if isinstance(names, MarkedList) else where
                self.error(path, at, f"'{name}' repeats the label {text!r} ({lang}): a name is the label or an "
                           f"{'acronym' if name == 'acronyms' else 'alternative name'}, not both",
                           f"remove {text!r} from '{name}'")
        return [(s, spec.predicate, Literal(v, lang=lang)) for lang, v in items]

    def _check_label(self, rid: str, label: str, path: str, where: Mark) -> None:
        """The labelling rule: an English label is in the words of a cited source, or declared as supplied."""
        data = self.registry.records[rid].data
        if self.texts is None or (isinstance(data.get("supplied"), dict) and "label" in data["supplied"]):
            return
        files = sorted({s["file"] for s in data.get("sources") or []
                        if isinstance(s, dict) and isinstance(s.get("file"), str) and s["file"] in self.texts})
        if files and not any(label_occurs(label, self._folded(file)) for file in files):
            self.error(path, where, f"the English label {label!r} of '{rid}' does not occur in its cited "
                       f"source{'s' if len(files) > 1 else ''} ({', '.join(files)})",
                       "use the source's words, or declare the label as supplied: "
                       "{label: curator (how it was made)}")

    def _folded(self, file: str) -> str:
        """A source text case-folded (white space is already folded), computed once per file."""
        if file not in self._casefolded:
            self._casefolded[file] = self.texts[file].casefold()
        return self._casefolded[file]

    def _f_integer(self, rid, s, name, spec, value, path, where):
        if self._expect(isinstance(value, int) and not isinstance(value, bool) and value >= 0,
                        path, where, name, spec, value):
            return [(s, spec.predicate, Literal(value, datatype=XSD.integer))]
        return []

    def _f_decimal(self, rid, s, name, spec, value, path, where):
        number = _decimal(value)
        if self._expect(number is not None, path, where, name, spec, value):
            return [(s, spec.predicate, Literal(number, datatype=XSD.decimal))]
        return []

    def _f_year(self, rid, s, name, spec, value, path, where):
        if self._expect(isinstance(value, int) and not isinstance(value, bool) and value in YEAR_RANGE,
                        path, where, name, spec, value):
            return [(s, spec.predicate, Literal(str(value), datatype=XSD.gYear))]
        return []

    def _f_boolean(self, rid, s, name, spec, value, path, where):
        if self._expect(isinstance(value, bool), path, where, name, spec, value):
            return [(s, spec.predicate, Literal(value))]
        return []

    def _f_url(self, rid, s, name, spec, value, path, where):
        if self._expect(isinstance(value, str) and re.match(r"^https?://[^\s<>\"{}|\\^`]+$", value) is not None,
                        path, where, name, spec, value):
            return [(s, spec.predicate, URIRef(value))]
        return []

    def _ref(self, name, spec: Field, value, path, where) -> URIRef | None:
        if not self._expect(isinstance(value, str), path, where, name, spec, value):
            return None
        if value not in self.registry.records:
            self.error(path, where, f"'{name}' refers to unknown id '{value}'",
                       _did_you_mean(value, self.registry.records) or "define a record with this id first")
            return None
        group = self.registry.group_of(value)
        if spec.targets and group not in spec.targets:
            self.error(path, where, f"'{name}' must refer to a record of group {' or '.join(spec.targets)}, "
                       f"but '{value}' is a {self.registry.records[value].data['kind']}")
            return None
        return self.iris.entity(value)

    def _f_ref(self, rid, s, name, spec, value, path, where):
        target = self._ref(name, spec, value, path, where)
        return [(s, spec.predicate, target)] if target is not None else []

    def _f_refs(self, rid, s, name, spec, value, path, where):
        if not self._expect(isinstance(value, list) and value, path, where, name, spec, value):
            return []
        marks = value.item_marks if isinstance(value, MarkedList) else [where] * len(value)
        targets = [self._ref(name, spec, v, path, m) for v, m in zip(value, marks, strict=True)]
        return [(s, spec.predicate, t) for t in targets if t is not None]

    def _country(self, name, value, path, where) -> URIRef | None:
        if value in self.registry.countries:
            return self.iris.entity(self.registry.countries[value])
        self.error(path, where, f"'{name}' names unknown country {_show(value)}",
                   f"use an ISO 3166-1 alpha-2 code of a country record: {', '.join(sorted(self.registry.countries))}")
        return None

    def _f_country(self, rid, s, name, spec, value, path, where):
        target = self._country(name, value, path, where)
        return [(s, spec.predicate, target)] if target is not None else []

    def _f_countries(self, rid, s, name, spec, value, path, where):
        if not self._expect(isinstance(value, list) and value, path, where, name, spec, value):
            return []
        marks = value.item_marks if isinstance(value, MarkedList) else [where] * len(value)
        targets = [self._country(name, v, path, m) for v, m in zip(value, marks, strict=True)]
        return [(s, spec.predicate, t) for t in targets if t is not None]

    def _concept(self, name, vocabulary, value, path, where) -> URIRef | None:
        allowed = self.vocabularies.get(vocabulary, frozenset())
        if isinstance(value, str) and value in allowed:
            return self.iris.concept(vocabulary, value)
        self.error(path, where, f"'{name}' names unknown {vocabulary[:-1] if vocabulary.endswith('s') else vocabulary}"
                   f" {_show(value)}",
                   _did_you_mean(value, allowed) or f"allowed: {', '.join(sorted(allowed))} (ontology/vocab/{vocabulary}.ttl)")
        return None

    def _f_topics(self, rid, s, name, spec, value, path, where):
        if not self._expect(isinstance(value, list) and value, path, where, name, spec, value):
            return []
        marks = value.item_marks if isinstance(value, MarkedList) else [where] * len(value)
        targets = [self._concept(name, "topics", v, path, m) for v, m in zip(value, marks, strict=True)]
        return [(s, spec.predicate, t) for t in targets if t is not None]

    def _f_concept(self, rid, s, name, spec, value, path, where):
        target = self._concept(name, spec.vocabulary, value, path, where)
        return [(s, spec.predicate, target)] if target is not None else []

    def _f_numbers(self, rid, s, name, spec, value, path, where):
        if not self._expect(isinstance(value, dict) and value and all(_decimal(v) is not None for v in value.values()),
                            path, where, name, spec, value):
            return []
        out = []
        for stat, number in value.items():
            node = self.iris.part(rid, "validation", stat)
            out += [(s, spec.predicate, node), (node, RDF.type, SOILKG.ValidationStatistic),
                    (node, SOILKG.statisticName, Literal(str(stat))),
                    (node, SOILKG.statisticValue, Literal(_decimal(number), datatype=XSD.decimal))]
        return out

    def _f_steps(self, rid, s, name, spec, value, path, where):
        if not self._expect(isinstance(value, list) and value and all(isinstance(v, Marked) for v in value),
                            path, where, name, spec, value):
            return []
        out = []
        for order, step in enumerate(value, start=1):
            node = self.iris.part(rid, "step", order)
            out += [(s, spec.predicate, node), (node, RDF.type, SOILKG.FlowStep), (node, SOILKG.inFlow, s),
                    (node, SOILKG.order, Literal(order, datatype=XSD.integer))]
            for key in ("from", "to"):
                if key not in step:
                    self.error(path, step.mark, f"step {order} of '{name}' is missing '{key}'", "write {from: id, to: id}")
            for key, item in step.items():
                at = step.value_marks[key]
                if key not in STEP_FIELDS:
                    self.error(path, step.key_marks[key], f"unknown key '{key}' in step {order} of '{name}'",
                               f"keys of a step: {', '.join(STEP_FIELDS)}")
                elif key == "note":
                    out += self._f_text(rid, node, "note", Field(FieldType.TEXT, RDFS.comment), item, path, at)
                elif key == "channel":
                    channels = item if isinstance(item, list) else [item]
                    marks = item.item_marks if isinstance(item, MarkedList) else [at] * len(channels)
                    channel = Field(FieldType.REF, targets=("channel",))
                    targets = [self._ref(f"{name}.channel", channel, c, path, m) for c, m in zip(channels, marks, strict=True)]
                    out += [(node, STEP_FIELDS[key], t) for t in targets if t is not None]
                else:
                    target = self._ref(f"{name}.{key}", Field(FieldType.REF, targets=STEP_ACTORS), item, path, at)
                    if target is not None:
                        out.append((node, STEP_FIELDS[key], target))
        return out

    def _f_sources(self, rid, s, name, spec, value, path, where):
        if not self._expect(isinstance(value, list) and value, path, where, name, spec, value):
            return []
        out = []
        for number, source in enumerate(value, start=1):
            at = mark_of(source, where)
            if not isinstance(source, Marked):
                self.error(path, at, f"source {number} expects {{file: ..., section: ..., quote: ...}}, got {_show(source)}")
                continue
            missing = [k for k in ("file", "section", "quote") if not isinstance(source.get(k), str) or not source[k].strip()]
            unknown = [k for k in source if k not in ("file", "section", "quote")]
            for key in missing:
                self.error(path, source.value_marks.get(key, at), f"source {number} needs '{key}' as a non-empty string")
            for key in unknown:
                self.error(path, source.key_marks[key], f"unknown key '{key}' in source {number}",
                           "keys of a source: file, section, quote")
            if missing or unknown:
                continue
            if source["file"] not in self.registry.documents:
                self.error(path, source.value_marks["file"], f"source {number} cites unknown file '{source['file']}'",
                           f"known documents: {', '.join(sorted(self.registry.documents))} (data/sources.yaml)")
                continue
            self._check_quote(rid, number, source, path)
            doc = self.iris.entity(self.registry.documents[source["file"]])
            node = self.iris.part(rid, "source", number)
            out += [(s, SOILKG.citation, node), (node, RDF.type, SOILKG.Citation), (node, PROV.wasQuotedFrom, doc),
                    (node, SOILKG.section, Literal(source["section"])),
                    (node, SOILKG.quote, Literal(" ".join(source["quote"].split())))]
        return out

    def _check_quote(self, rid: str, number: int, source: Marked, path: str) -> None:
        if self.texts is None:
            return
        text = self.texts.get(source["file"])
        where = source.value_marks["quote"]
        if text is None:
            self.error(path, source.value_marks["file"], f"source {number} of '{rid}': file '{source['file']}' "
                       "is not in the sources folder")
        elif fold(source["quote"]) not in text:
            self.error(path, where, f"the quote of source {number} of '{rid}' does not occur in {source['file']}",
                       "quotes must be verbatim (line breaks and repeated spaces are ignored)")

    def _f_supplied(self, rid, s, name, spec, value, path, where):
        if not self._expect(isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()),
                            path, where, name, spec, value):
            return []
        out = []
        for field_name, who in value.items():
            if field_name not in fields_of(self.registry.records[rid].data["kind"]):
                self.error(path, value.key_marks.get(field_name, where), f"'supplied' names unknown field '{field_name}'")
                continue
            node = self.iris.part(rid, "supplied", field_name)
            out += [(s, SOILKG.suppliedValue, node), (node, SOILKG.field, Literal(field_name)),
                    (node, SOILKG.suppliedBy, Literal(who))]
        return out


def fold(text: str) -> str:
    """Text with every run of white space folded to one space, for comparing quotes."""
    return " ".join(text.split())


QUALIFIER = re.compile(r"\s*\([^()]*\)$")


def label_occurs(label: str, casefolded_text: str) -> bool:
    """Whether ``label`` stands in a (white-space folded, case-folded) source text, ignoring case and a
    trailing qualifier in brackets that tells records apart, as in 'farmers (Cambodia)'."""
    name = fold(QUALIFIER.sub("", label)) or fold(label)
    return name.casefold() in casefolded_text


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def _did_you_mean(word: Any, choices) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.75)
    return f"did you mean {' or '.join(repr(c) for c in close)}?" if close else ""

