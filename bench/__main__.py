"""Run every benchmark of this folder: ``python -m bench`` (the partner map takes about 5 minutes, the loads
of 1x, 10x and 100x the bundled data about 15)."""

from bench import linked_data, loads, partner_map, sparql_overhead

sparql_overhead.main()
linked_data.main()
loads.main([])
partner_map.main([])
