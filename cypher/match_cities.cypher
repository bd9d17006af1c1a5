// Cities for the matcher's region picker (webapp/match.py), with their province's code.
// Parameters: none. Returns: key, code, province_code, name, name_en, ordered by code.
MATCH (n:City)
RETURN n.key AS key, n.code AS code, n.province_code AS province_code, n.name AS name,
       n.name_en AS name_en
ORDER BY code
