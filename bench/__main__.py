"""Run every benchmark of this folder."""

from bench import sparql_overhead

sparql_overhead.main()
