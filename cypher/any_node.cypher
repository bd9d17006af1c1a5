// One node of the label (any label when empty), if there is one: a load run asks
// whether the store is empty before its first batch (graph/_ladybug_bulk.py).
// Parameters: none. Placeholders: {{label}}.
// Returns: key.
MATCH (n{{label}})
RETURN n.key AS key
LIMIT 1
