"""Run every benchmark of this folder: ``python -m bench`` (the partner map takes about 5 minutes, the loads
of 1x, 10x and 100x the bundled data about 15)."""

from bench import abuse, cli_help, linked_data, loads, partner_map, propose, reasoning, sparql_overhead

cli_help.main()
sparql_overhead.main()
linked_data.main()
reasoning.main()
propose.main([])
abuse.main()
loads.main([])
partner_map.main([])
