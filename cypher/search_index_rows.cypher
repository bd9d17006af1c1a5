// Every node of one label as the embedded store's search index keeps it
// (graph/_search_index.py, rebuilt from the graph): its key, name, status and the
// internal search text (lower-cased key, name, name_en and aliases, one per line).
// Parameters: none. Placeholders: {{label}}.
// Returns: key, name, status, search.
MATCH (n{{label}})
RETURN n.key AS key, n.name AS name, n.status AS status, n.search AS search
