// title: Provinces with no known implementing plan
// description: Provinces that no policy implementing the given national policy is known to cover: where to look for news next.
// param: policy_key string = "policy:sme-digital-2025" -- key of the national policy
MATCH (pr:Province)
WHERE NOT EXISTS {
  MATCH (pp:Policy)-[:COVERS]->(pr)
  WHERE EXISTS { MATCH (pp)-[:IMPLEMENTS]->(:Policy {key: $policy_key}) }
}
RETURN pr.code AS code, pr.name AS province, pr.division_type AS division_type
ORDER BY code
