// The stored relationships of one type between given (start key, end key) pairs.
// Parameters: $rows (list of {s_key, e_key}).
// Placeholders: {{start_label}}, {{types}} (one type), {{end_label}}.
// Returns: start_key, end_key, r.
UNWIND $rows AS row
MATCH (a{{start_label}} {key: row.s_key})-[r{{types}}]->(b{{end_label}})
WHERE b.key = row.e_key
RETURN a.key AS start_key, b.key AS end_key, r
