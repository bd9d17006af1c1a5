// Provinces for the matcher's region picker (webapp/match.py).
// Parameters: none. Returns: key, code, name, name_en, ordered by code.
MATCH (n:Province)
RETURN n.key AS key, n.code AS code, n.name AS name, n.name_en AS name_en
ORDER BY code
