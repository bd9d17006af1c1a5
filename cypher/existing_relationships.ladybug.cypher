// The stored relationships of one type between given (start key, end key) pairs
// (Ladybug: rows come from a data frame, LOAD FROM $rows, which is far faster than a
// list of maps).
// Parameters: $rows (frame with columns s_key, e_key).
// Placeholders: {{start_label}}, {{types}} (one type), {{end_label}}.
// Returns: start_key, end_key, r.
LOAD FROM $rows
MATCH (a{{start_label}} {key: s_key})-[r{{types}}]->(b{{end_label}})
WHERE b.key = e_key
RETURN a.key AS start_key, b.key AS end_key, r
