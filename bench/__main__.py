"""Run every benchmark of this folder: ``python -m bench`` (the partner map takes about 5 minutes)."""

from bench import abuse, linked_data, partner_map, propose, reasoning, sparql_overhead

sparql_overhead.main()
linked_data.main()
reasoning.main()
propose.main([])
abuse.main()
partner_map.main([])
