// title: Provinces with no known implementing plan
// description: Provinces that no policy implementing the given national policy is known to cover: where to look for news next.
// title_zh: 尚无已知落实方案的省份
// description_zh: 没有已知落实指定国家政策的政策覆盖的省份：下一步该关注哪里的消息。
// param: policy_key string = "policy:sme-digital-2025" -- key of the national policy
MATCH (pr:Province)
WHERE NOT EXISTS {
  MATCH (pp:Policy)-[:COVERS]->(pr)
  WHERE EXISTS { MATCH (pp)-[:IMPLEMENTS]->(:Policy {key: $policy_key}) }
}
RETURN pr.code AS code, pr.name AS province, pr.division_type AS division_type
ORDER BY code
