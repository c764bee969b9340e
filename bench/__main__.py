"""Run every benchmark of this folder: ``python -m bench`` (the partner map takes about 5 minutes)."""

from bench import abuse, linked_data, partner_map, reasoning, sparql_overhead

sparql_overhead.main()
linked_data.main()
reasoning.main()
abuse.main()
partner_map.main([])
