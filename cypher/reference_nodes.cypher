// The stored nodes of one label with keys in $keys whose status is reference (GB/T
// 2260 regions and other reference data that a user file may change only when asked).
// Parameters: $keys (list of keys). Placeholders: {{label}}.
// Returns: key, n.
UNWIND $keys AS k
MATCH (n{{label}} {key: k})
WHERE n.status = 'reference'
RETURN n.key AS key, n
