"""Hostile SPARQL spellings. ``{L}`` is the listener's URL, ``{P}`` its ``http://127.0.0.1:port/``.

The SERVICE spellings include those of issue 8 and ones found by reading Oxigraph's grammar: keywords
matched without a word boundary (``SERVICEx:y``, ``trueSERVICE``), the fallback to a shorter
prefixed name when a local name makes no valid IRI, a local name cut after one run of dots, a
carriage return ending a comment, and ``<`` read as "less than" inside an expression.
"""

from __future__ import annotations

WHERE = "{ ?s ?p ?o }"
SERVICE_SPELLINGS = {
    "plain": "SELECT * WHERE { SERVICE <{L}> { ?s ?p ?o } }",
    "no space": "SELECT * WHERE { SERVICE<{L}>{ ?s ?p ?o } }",
    "lower case": "select * where { service <{L}> { ?s ?p ?o } }",
    "mixed case": "SELECT * WHERE { SeRvIcE <{L}> { ?s ?p ?o } }",
    "comment then newline": "SELECT * WHERE { SERVICE #c\n<{L}> { ?s ?p ?o } }",
    "comment then carriage return": "SELECT * WHERE { SERVICE #c\r<{L}> { ?s ?p ?o } }",
    "whole line after a comment ended by CR": "SELECT * WHERE { ?s ?p ?o } #x\rSERVICE <{L}> { ?a ?b ?c }",
    "silent no space": "SELECT * WHERE { SERVICE SILENT<{L}> { ?s ?p ?o } }",
    "silent glued": "SELECT * WHERE { SERVICESILENT<{L}> { ?s ?p ?o } }",
    "hash in a string before it": "SELECT * WHERE { ?s ?p '#' . SERVICE <{L}> { ?a ?b ?c } }",
    "hash in a long string": "SELECT * WHERE { ?s ?p '''#\n''' . SERVICE <{L}> { ?a ?b ?c } }",
    "escaped quote in a string": "SELECT * WHERE { ?s ?p \"\\\"#\" . SERVICE <{L}> { ?a ?b ?c } }",
    "unicode-escaped quote in a string": "SELECT * WHERE { ?s ?p '\\u0027#' . SERVICE <{L}> { ?a ?b ?c } }",
    "hash in an IRI": "SELECT * WHERE { ?s <http://x/#p> ?o . SERVICE <{L}> { ?a ?b ?c } }",
    "variable endpoint": "SELECT * WHERE { VALUES ?e { <{L}> } SERVICE ?e { ?s ?p ?o } }",
    "dollar variable": "SELECT * WHERE { BIND(<{L}> AS $e) SERVICE $e { ?s ?p ?o } }",
    "prefixed endpoint": "PREFIX x: <{P}> SELECT * WHERE { SERVICE x:sparql { ?s ?p ?o } }",
    "keyword glued to a prefixed name": "PREFIX x: <{P}> SELECT * WHERE { SERVICEx:sparql { ?s ?p ?o } }",
    "keyword glued to the empty prefix": "PREFIX : <{P}> SELECT * WHERE { SERVICE:sparql { ?s ?p ?o } }",
    "relative to BASE": "BASE <{P}> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
    "glued after true": "SELECT * WHERE { ?s ?p trueSERVICE<{L}> { ?a ?b ?c } }",
    "glued after a number": "SELECT * WHERE { ?s ?p 1SERVICE<{L}> { ?a ?b ?c } }",
    "after an invalid local name": "PREFIX v6: <http://[::1]> SELECT * WHERE { ?s ?p v6:SERVICE<{L}>{ ?a ?b ?c } }",
    "after a local name cut at its second dot": "PREFIX e: <http://e/> SELECT * WHERE { ?s ?p e:a.b.SERVICE<{L}>{ ?a ?b ?c } }",
    "less-than read as an IRI": "SELECT * WHERE { FILTER(?a<'>' || true) SERVICE <{L}> { ?x ?p ?o } } #')}",
    "in OPTIONAL": "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <{L}> { ?s ?q ?r } } }",
    "in a subquery": "SELECT * WHERE { { SELECT * WHERE { SERVICE <{L}> { ?s ?p ?o } } } }",
    "in FILTER EXISTS": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{L}> { ?s ?p ?o } } }",
    "in MINUS": "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{L}> { ?s ?p ?o } } }",
    "in GRAPH": "SELECT * WHERE { GRAPH ?g { SERVICE <{L}> { ?s ?p ?o } } }",
    "in a UNION": "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <{L}> { ?s ?p ?o } } }",
    "ASK": "ASK { SERVICE <{L}> { ?s ?p ?o } }",
    "CONSTRUCT": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{L}> { ?s ?p ?o } }",
    "DESCRIBE": "DESCRIBE ?s WHERE { SERVICE <{L}> { ?s ?p ?o } }",
    "localhost name": "SELECT * WHERE { SERVICE <http://localhost:{port}/sparql> { ?s ?p ?o } }",
    "IPv6 loopback": "SELECT * WHERE { SERVICE <http://[::1]:{port}/sparql> { ?s ?p ?o } }",
    "decimal address": "SELECT * WHERE { SERVICE <http://2130706433:{port}/sparql> { ?s ?p ?o } }",
    "file scheme": "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
    "closed port": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "escaped keyword": "SELECT * WHERE { \\u0053ERVICE <{L}> { ?s ?p ?o } }",
    "escaped last letter": "SELECT * WHERE { SERVIC\\u0045 <{L}> { ?s ?p ?o } }",
    "unicode lookalike": "SELECT * WHERE { SERVIC\u0395 <{L}> { ?s ?p ?o } }",
    "non-breaking space": "SELECT * WHERE { SERVICE\u00a0<{L}> { ?s ?p ?o } }",
    "prefix named service": "PREFIX service: <{P}> SELECT * WHERE { ?s service:p ?o }",
}

# Spellings that must still be answered: SERVICE-like text that is not the keyword.
NOT_SERVICE = {
    "variable named service": "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
    "local name SERVICE": "PREFIX e: <http://e/> SELECT * WHERE { ?s e:SERVICE ?o } LIMIT 1",
    "in a string": "SELECT * WHERE { ?s ?p ?o FILTER(?o != 'SERVICE <http://127.0.0.1/>') } LIMIT 1",
    "in a comment": "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1/>\nLIMIT 1",
    "in an IRI": "SELECT * WHERE { ?s <http://x/SERVICE> ?o } LIMIT 1",
}

# FROM spellings: (query, the default graphs it names, the named graphs it names). {g} and {h} are
# two graphs of the store, {gb} their common namespace, {gl}/{hl} their local names.
FROM_SPELLINGS = {
    "plain": ("SELECT * FROM <{g}> WHERE", ["g"], []),
    "no space": ("SELECT * FROM<{g}>WHERE", ["g"], []),
    "lower case": ("select * from <{g}> where", ["g"], []),
    "comment between": ("SELECT * FROM #c\n<{g}> WHERE", ["g"], []),
    "comment ended by CR": ("SELECT * FROM #c\r<{g}> WHERE", ["g"], []),
    "comment mentions another graph": ("SELECT * # FROM <{h}>\nFROM <{g}> WHERE", ["g"], []),
    "two FROM": ("SELECT * FROM <{g}> FROM <{h}> WHERE", ["g", "h"], []),
    "FROM NAMED only": ("SELECT * FROM NAMED <{h}> WHERE", [], ["h"]),
    "FROM NAMED no space": ("SELECT * FROM NAMED<{h}>WHERE", [], ["h"]),
    "FROM and FROM NAMED": ("SELECT * FROM <{g}> FROM NAMED <{h}> WHERE", ["g"], ["h"]),
    "prefixed name": ("PREFIX gr: <{gb}> SELECT * FROM gr:{gl} WHERE", ["g"], []),
    "prefixed name with an escape": ("PREFIX gr: <{gb}> SELECT * FROM gr:{gl_escaped} WHERE", ["g"], []),
    "unicode escape in the IRI": ("SELECT * FROM <{g_uchar}> WHERE", ["g"], []),
    "relative to BASE": ("BASE <{gb}> SELECT * FROM <{gl}> WHERE", ["g"], []),
    "relative to a relative BASE": ("BASE <{gb}x/> BASE <../> SELECT * FROM <{gl}> WHERE", ["g"], []),
    "prefix declared relative to BASE": ("BASE <{gb}> PREFIX gr: <./> SELECT * FROM gr:{gl} WHERE", ["g"], []),
    "relative to the endpoint": ("SELECT * FROM <no-such-graph> WHERE", ["endpoint-relative"], []),
    "graph that does not exist": ("SELECT * FROM <urn:x:none> WHERE", ["urn:x:none"], []),
    "no space, nothing there": ("SELECT * FROM<urn:x:none>WHERE", ["urn:x:none"], []),
    "FROM only in a comment": ("SELECT * # FROM <{g}>\nWHERE", [], []),
}
