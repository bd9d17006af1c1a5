// Nodes whose search text (lower-cased key, name, name_en and aliases, one per line)
// contains $q, ranked: 0 exact (a whole line equals $q), 1 prefix (a line starts with
// $q), 2 substring; then shorter name, name, key.
// Parameters: $q (lower-cased), $q_nl ($q + newline), $nl_q (newline + $q),
// $nl_q_nl (newline + $q + newline), $limit.
// Placeholders: {{label}} (a domain label, or none for every node table).
// Ladybug: returns the key, not the node: converting nodes of any table costs ~5 ms a
// row, so the caller fetches the (at most $limit) nodes by key and label.
// Returns: key, rank.
MATCH (n{{label}})
WHERE n.search CONTAINS $q
WITH n,
     CASE
       WHEN n.search = $q OR n.search STARTS WITH $q_nl OR n.search ENDS WITH $nl_q
            OR n.search CONTAINS $nl_q_nl THEN 0
       WHEN n.search STARTS WITH $q OR n.search CONTAINS $nl_q THEN 1
       ELSE 2
     END AS rank
RETURN n.key AS key, rank
ORDER BY rank, size(coalesce(n.name, '')), coalesce(n.name, ''), n.key
LIMIT $limit
