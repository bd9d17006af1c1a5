// title: Key tasks of a plan and what they focus on
// description: The tasks a policy assigns, in order, with the technologies and sectors each focuses on.
// title_zh: 规划的重点任务及其关注领域
// description_zh: 政策部署的重点任务（按顺序）及每项任务关注的技术和行业。
// param: policy_key string = "policy:sme-digital-2025" -- key of the policy
MATCH (p:Policy {key: $policy_key})-[:HAS_TASK]->(t:Task)
OPTIONAL MATCH (t)-[:FOCUSES_ON]->(x)
RETURN t.seq AS seq, t.name AS task, t.summary AS summary, collect(x.name) AS focuses_on
ORDER BY seq
