// Nodes whose search text (lower-cased key, name, name_en and aliases, one per line)
// holds every word of the query, ranked on the whole phrase: 0 exact (a whole line
// equals $q), 1 prefix (a line starts with $q), 2 substring, 3 every word somewhere;
// then shorter name, name, key. The key line takes part only when $with_key (the query
// looks like a key `kind:id`), so an English word matches what a Chinese one would.
// Parameters: $q (normalised phrase), $first (its longest word, for the TEXT index),
// $words (its words), $with_key, $statuses (keep only these; ["*"] = any),
// $exclude_statuses (leave these out; ["\u0000"] = none), $q_nl ($q + newline),
// $nl_q (newline + $q), $nl_q_nl (newline + $q + newline), $limit.
// Placeholders: {{label}} (a domain label, or :Entity for every node in Neo4j).
// Returns: n, rank.
MATCH (n{{label}})
WHERE n.search CONTAINS $first
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
