// title: Who issued which plans, and when
// description: Every policy with the agency that issued it and the date, newest first; the issuing relationship's status says how sure the fact is.
MATCH (a:Agency)-[i:ISSUED]->(p:Policy)
RETURN a.name AS agency, p.name AS policy, p.level AS level, p.issued_date AS issued,
       i.status AS status, a, i, p
ORDER BY issued DESC, policy
