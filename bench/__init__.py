"""Benchmarks: scale, speed and memory of both stores, the HTTP app and the browser view.

``python -m bench [--quick]`` generates synthetic data, loads it into the embedded store
and into a real Neo4j 5.26 (tools/neo4j), measures, and writes BENCHMARKS.md. Each phase
runs in its own process so that its peak RSS is its own. See ``python -m bench --help``.
"""
