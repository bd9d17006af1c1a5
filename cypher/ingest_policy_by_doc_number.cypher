// Stored policies with this document number (文号), so that ingestion resolves a policy
// it reads (国发〔2025〕12号) to the stored one (loaders/ingest/resolve.py).
// Parameters: $q (the document number, normalised), $limit.
MATCH (p:Policy)
WHERE p.doc_number = $q
RETURN p.key AS key, p.name AS name
ORDER BY key
LIMIT $limit
