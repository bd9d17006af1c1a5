// GB/T 4754 industries for the matcher's industry picker (webapp/match.py).
// Parameters: none. Returns: key, code, level, name, name_en, ordered by code.
MATCH (n:Industry)
WHERE n.code IS NOT NULL
RETURN n.key AS key, n.code AS code, n.level AS level, n.name AS name, n.name_en AS name_en
ORDER BY code
