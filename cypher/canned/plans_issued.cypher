// title: Who issued which plans, and when
// description: Every policy with the agency that issued it and the date, newest first; the issuing relationship's status says how sure the fact is.
// title_zh: 谁在何时发布了哪些规划
// description_zh: 每项政策及其发布机构和日期，最新的在前；发布关系的 status 表明该事实的可信程度。
MATCH (a:Agency)-[i:ISSUED]->(p:Policy)
RETURN a.name AS agency, p.name AS policy, p.level AS level, p.issued_date AS issued,
       i.status AS status, a, i, p
ORDER BY issued DESC, policy
