// The nodes of one label whose keys are in $keys (unknown keys give no row).
// Parameters: $keys (list of keys). Placeholders: {{label}}.
// Returns: n.
UNWIND $keys AS k
MATCH (n{{label}} {key: k})
RETURN n
