// Delete the relationships of one type between given (start key, end key) pairs, and
// only those (taking back what a failed load run created; graph/_journal.py).
// Ladybug: rows come from a data frame, LOAD FROM $rows, as in the writes.
// Parameters: $rows (frame with columns s_key, e_key).
// Placeholders: {{start_label}}, {{types}} (one type), {{end_label}}.
// Returns: nothing.
LOAD FROM $rows
MATCH (a{{start_label}} {key: s_key})-[r{{types}}]->(b{{end_label}})
WHERE b.key = e_key
DELETE r
