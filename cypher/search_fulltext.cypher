// Only: neo4j
// search.cypher with its candidates from the full-text index entity_search_text (the
// cjk analyzer: Chinese as overlapping pairs of characters), asked for the phrase
// $lucene (the quoted $first): every node whose search text holds $first is among
// them, so the filters and the ranking below, the same as search.cypher's, give the
// same answer. Used when $first is Chinese of 2 characters or more (graph/neo4j_store.py).
// Parameters: those of search.cypher, and $lucene.
// Placeholders: {{label}} (a domain label, or :Entity for every node).
// Returns: n, rank.
CALL db.index.fulltext.queryNodes('entity_search_text', $lucene) YIELD node AS n
WITH n
WHERE n{{label}} AND n.search CONTAINS $first
WITH n,
     CASE WHEN $with_key THEN n.search ELSE substring(n.search, size(n.key) + 1) END AS s
WHERE all(w IN $words WHERE s CONTAINS w)
  AND ("*" IN $statuses OR n.status IN $statuses)
  AND NOT coalesce(n.status, '') IN $exclude_statuses
WITH n,
     CASE
       WHEN s = $q OR s STARTS WITH $q_nl OR s ENDS WITH $nl_q OR s CONTAINS $nl_q_nl THEN 0
       WHEN s STARTS WITH $q OR s CONTAINS $nl_q THEN 1
       WHEN s CONTAINS $q THEN 2
       ELSE 3
     END AS rank
RETURN n, rank
ORDER BY rank, size(coalesce(n.name, '')), coalesce(n.name, ''), n.key
LIMIT $limit
