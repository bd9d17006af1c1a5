// Delete the relationships of one type between given (start key, end key) pairs, and
// only those (taking back what a failed load run created; graph/_journal.py).
// Parameters: $rows (list of {s_key, e_key}).
// Placeholders: {{start_label}}, {{types}} (one type), {{end_label}}.
// Returns: nothing.
UNWIND $rows AS row
MATCH (a{{start_label}} {key: row.s_key})-[r{{types}}]->(b{{end_label}})
WHERE b.key = row.e_key
DELETE r
